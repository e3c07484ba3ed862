namespace PidGpu.Inputs.Scenes;

/// <summary>
/// A task family: given a random source and the answer to produce, builds a scene and question with that
/// answer. Choosing the answer first (see <see cref="SceneTaskSuite"/>) makes answers exactly balanced.
/// </summary>
public interface ISceneTask
{
    SceneTaskKind Kind { get; }

    /// <summary>The task's answer words; chance accuracy is 1 / count.</summary>
    IReadOnlyList<string> Answers { get; }

    SceneSample Sample(SceneLayout layout, Random rng, string answer);
}

using static PidGpu.Inputs.Scenes.SceneLayout;

namespace PidGpu.Inputs.Scenes;

/// <summary>
/// Redundant control, "the shapes are red. what color are the shapes?". The question states the colour and
/// every object in the scene has that colour.
/// Information structure: the image alone and the question alone each fix Y (H(Y|V) = H(Y|Q) = 0), so the
/// information is redundant. Chance 1/4.
/// </summary>
public sealed class RedundantTask : ISceneTask
{
    public SceneTaskKind Kind => SceneTaskKind.Redundant;

    public IReadOnlyList<string> Answers { get; } = SceneWords.Colors.Select(c => c.Word()).ToArray();

    public SceneSample Sample(SceneLayout layout, Random rng, string answer)
    {
        var color = SceneWords.Colors.First(c => c.Word() == answer);
        var objects = layout.ShuffledCells(rng).Take(1 + rng.Next(3))
            .Select(cell => new SceneObject(Pick(SceneWords.Shapes, rng), color, cell.Row, cell.Column))
            .ToList();
        return new(Kind, layout.Render(objects), $"the shapes are {answer}. what color are the shapes?", answer);
    }
}

using static PidGpu.Inputs.Scenes.SceneLayout;

namespace PidGpu.Inputs.Scenes;

/// <summary>
/// Spatial relation, "is the red shape left of the blue shape?" (GQA: relation). The two named colours occur
/// once each, in different columns; up to two distractors have the other colours.
/// Information structure: the answer needs the image (where each colour is) and the question (which
/// colours, in which order): synergy-dominated. Chance 1/2.
/// </summary>
public sealed class SpatialTask : ISceneTask
{
    public SceneTaskKind Kind => SceneTaskKind.Spatial;

    public IReadOnlyList<string> Answers => SceneWords.YesNo;

    public SceneSample Sample(SceneLayout layout, Random rng, string answer)
    {
        var first = Pick(SceneWords.Colors, rng);
        var second = PickExcept(SceneWords.Colors, rng, first);
        int left = rng.Next(layout.GridSize - 1);
        int right = left + 1 + rng.Next(layout.GridSize - 1 - left);
        var (firstCol, secondCol) = answer == SceneWords.Yes ? (left, right) : (right, left);
        var objects = new List<SceneObject>
        {
            new(Pick(SceneWords.Shapes, rng), first, rng.Next(layout.GridSize), firstCol),
            new(Pick(SceneWords.Shapes, rng), second, rng.Next(layout.GridSize), secondCol),
        };
        layout.AddDistractors(objects, rng.Next(3), rng, first, second);
        return new(Kind, layout.Render(objects), $"is the {first.Word()} shape left of the {second.Word()} shape?", answer);
    }
}

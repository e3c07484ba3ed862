using static PidGpu.Inputs.Scenes.SceneLayout;

namespace PidGpu.Inputs.Scenes;

/// <summary>
/// Side query, "which side is the red shape on?" (GQA: which side / position query). The named colour occurs once, in the
/// left half of the columns (left) or the right half (right); one or two distractors carry the other colours anywhere.
/// It is the single-hop way of reading where an object is, the skill the two-object spatial relation builds on.
/// Information structure: the image fixes every colour's side, the question selects the colour: synergy with a
/// vision-unique share. Answers left/right, chance 1/2.
/// </summary>
public sealed class SideTask : ISceneTask
{
    public const string Left = "left";
    public const string Right = "right";

    public SceneTaskKind Kind => SceneTaskKind.Side;

    public IReadOnlyList<string> Answers { get; } = [Left, Right];

    public SceneSample Sample(SceneLayout layout, Random rng, string answer)
    {
        int half = layout.GridSize / 2;
        var color = Pick(SceneWords.Colors, rng);
        int column = answer == Left ? rng.Next(half) : layout.GridSize - half + rng.Next(half);
        var objects = new List<SceneObject> { new(Pick(SceneWords.Shapes, rng), color, rng.Next(layout.GridSize), column) };
        layout.AddDistractors(objects, 1 + rng.Next(2), rng, color);
        return new(Kind, layout.Render(objects), $"which side is the {color.Word()} shape on?", answer);
    }
}

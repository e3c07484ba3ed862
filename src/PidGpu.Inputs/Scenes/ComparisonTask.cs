using static PidGpu.Inputs.Scenes.SceneLayout;

namespace PidGpu.Inputs.Scenes;

/// <summary>
/// Comparison, "are the circle and the square the same color?" (GQA: compare). The two named shapes occur
/// once each, with equal (yes) or different (no) colours; the third shape may appear once as a distractor.
/// Information structure: the question picks two objects, the image gives their colours; neither alone
/// answers it: synergy-dominated. Chance 1/2.
/// </summary>
public sealed class ComparisonTask : ISceneTask
{
    public SceneTaskKind Kind => SceneTaskKind.Comparison;

    public IReadOnlyList<string> Answers => SceneWords.YesNo;

    public SceneSample Sample(SceneLayout layout, Random rng, string answer)
    {
        var a = Pick(SceneWords.Shapes, rng);
        var b = PickExcept(SceneWords.Shapes, rng, a);
        var third = PickExcept(SceneWords.Shapes, rng, a, b);
        var colorA = Pick(SceneWords.Colors, rng);
        var colorB = answer == SceneWords.Yes ? colorA : PickExcept(SceneWords.Colors, rng, colorA);
        var cells = layout.ShuffledCells(rng);
        var objects = new List<SceneObject>
        {
            new(a, colorA, cells[0].Row, cells[0].Column),
            new(b, colorB, cells[1].Row, cells[1].Column),
        };
        if (rng.Next(2) == 0)
            objects.Add(new(third, Pick(SceneWords.Colors, rng), cells[2].Row, cells[2].Column));
        return new(Kind, layout.Render(objects), $"are the {a.Word()} and the {b.Word()} the same color?", answer);
    }
}

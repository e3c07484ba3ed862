using static PidGpu.Inputs.Scenes.SceneLayout;

namespace PidGpu.Inputs.Scenes;

/// <summary>
/// Shape query, "what shape is the red object?" (GQA: query name). The named colour occurs once, on the answer
/// shape; one or two distractors carry the other colours and any shape. It is the single-hop way of reading a
/// shape, the skill existence, counting and comparison build on.
/// Information structure: the image fixes every colour's shape, the question selects the colour: synergy with a
/// vision-unique share. Answers square/circle/triangle, chance 1/3.
/// </summary>
public sealed class ShapeQueryTask : ISceneTask
{
    public SceneTaskKind Kind => SceneTaskKind.ShapeQuery;

    public IReadOnlyList<string> Answers { get; } = SceneWords.Shapes.Select(s => s.Word()).ToArray();

    public SceneSample Sample(SceneLayout layout, Random rng, string answer)
    {
        var shape = SceneWords.Shapes.First(s => s.Word() == answer);
        var color = Pick(SceneWords.Colors, rng);
        int distractors = 1 + rng.Next(2);
        var cells = layout.ShuffledCells(rng);
        var objects = new List<SceneObject> { new(shape, color, cells[0].Row, cells[0].Column) };
        for (int i = 1; i <= distractors; i++)
            objects.Add(new(Pick(SceneWords.Shapes, rng), PickExcept(SceneWords.Colors, rng, color), cells[i].Row, cells[i].Column));
        return new(Kind, layout.Render(objects), $"what shape is the {color.Word()} object?", answer);
    }
}

using static PidGpu.Inputs.Scenes.SceneLayout;

namespace PidGpu.Inputs.Scenes;

/// <summary>
/// Attribute query, "what color is the circle?" (GQA: query attribute). Every object in the scene has the
/// answer colour and the named shape is there exactly once; the shape is drawn independently of the colour.
/// Information structure: the answer is a function of the image alone and independent of the question
/// (I(Y;Q) = 0, H(Y|V) = 0), so the expected PID profile is vision-unique. Chance 1/4.
/// </summary>
public sealed class AttributeTask : ISceneTask
{
    public SceneTaskKind Kind => SceneTaskKind.Attribute;

    public IReadOnlyList<string> Answers { get; } = SceneWords.Colors.Select(c => c.Word()).ToArray();

    public SceneSample Sample(SceneLayout layout, Random rng, string answer)
    {
        var color = SceneWords.Colors.First(c => c.Word() == answer);
        var shape = Pick(SceneWords.Shapes, rng);
        int count = 1 + rng.Next(3);
        var cells = layout.ShuffledCells(rng);
        var objects = new List<SceneObject> { new(shape, color, cells[0].Row, cells[0].Column) };
        for (int i = 1; i < count; i++)
            objects.Add(new(PickExcept(SceneWords.Shapes, rng, shape), color, cells[i].Row, cells[i].Column));
        return new(Kind, layout.Render(objects), $"what color is the {shape.Word()}?", answer);
    }
}

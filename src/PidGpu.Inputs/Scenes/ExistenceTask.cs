using static PidGpu.Inputs.Scenes.SceneLayout;

namespace PidGpu.Inputs.Scenes;

/// <summary>
/// Existence / verify, "is there a red square?" (GQA: verify/exist). The question names a colour-shape pair;
/// the scene has 1–4 objects and holds that pair once (yes) or never (no). Half of the other objects share
/// the colour or the shape, so neither attribute alone answers it.
/// Information structure: the answer needs the image and the question together (mostly synergy, some
/// vision-unique: the image alone narrows it). Chance 1/2.
/// </summary>
public sealed class ExistenceTask : ISceneTask
{
    public SceneTaskKind Kind => SceneTaskKind.Existence;

    public IReadOnlyList<string> Answers => SceneWords.YesNo;

    public SceneSample Sample(SceneLayout layout, Random rng, string answer)
    {
        var color = Pick(SceneWords.Colors, rng);
        var shape = Pick(SceneWords.Shapes, rng);
        bool present = answer == SceneWords.Yes;
        int count = 1 + rng.Next(4);
        var cells = layout.ShuffledCells(rng);
        var objects = new List<SceneObject>();
        for (int i = 0; i < count; i++)
        {
            var (row, col) = cells[i];
            if (i == 0 && present)
                objects.Add(new(shape, color, row, col));
            else if (rng.Next(2) == 0) // near miss: the named colour on another shape
                objects.Add(new(PickExcept(SceneWords.Shapes, rng, shape), color, row, col));
            else // near miss: the named shape in another colour
                objects.Add(new(shape, PickExcept(SceneWords.Colors, rng, color), row, col));
        }
        return new(Kind, layout.Render(objects), $"is there a {color.Word()} {shape.Word()}?", answer);
    }
}

using static PidGpu.Inputs.Scenes.SceneLayout;

namespace PidGpu.Inputs.Scenes;

/// <summary>
/// Counting, "how many circles are there?" (GQA: count). One to three objects of the named shape in random
/// colours, plus up to two objects of other shapes.
/// Information structure: the image fixes the count of every shape, the question selects which:
/// synergy with a vision-unique share. Answers one/two/three, chance 1/3.
/// </summary>
public sealed class CountingTask : ISceneTask
{
    public SceneTaskKind Kind => SceneTaskKind.Counting;

    public IReadOnlyList<string> Answers => SceneWords.Counts;

    public SceneSample Sample(SceneLayout layout, Random rng, string answer)
    {
        int count = SceneWords.Counts.ToList().IndexOf(answer) + 1;
        var shape = Pick(SceneWords.Shapes, rng);
        int distractors = rng.Next(3);
        var cells = layout.ShuffledCells(rng);
        var objects = new List<SceneObject>();
        for (int i = 0; i < count + distractors; i++)
        {
            var kind = i < count ? shape : PickExcept(SceneWords.Shapes, rng, shape);
            objects.Add(new(kind, Pick(SceneWords.Colors, rng), cells[i].Row, cells[i].Column));
        }
        return new(Kind, layout.Render(objects), $"how many {shape.Plural()} are there?", answer);
    }
}

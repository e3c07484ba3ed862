namespace PidGpu.Inputs.Scenes;

/// <summary>
/// Synergy (XOR), "flip yes: is there a red shape?". Visual fact v = the scene has a red object; question
/// fact f = the flip word; answer = yes iff v XOR f. v and f are drawn independent and uniform, so Y is
/// independent of V alone and of Q alone (I(Y;V) = I(Y;Q) = 0) while (V, Q) fixes it: purely synergistic,
/// 1 bit. Chance 1/2.
/// </summary>
public sealed class XorSynergyTask : ISceneTask
{
    public SceneTaskKind Kind => SceneTaskKind.XorSynergy;

    public IReadOnlyList<string> Answers => SceneWords.YesNo;

    public SceneSample Sample(SceneLayout layout, Random rng, string answer)
    {
        bool visual = rng.Next(2) == 0;
        bool flip = visual ^ (answer == SceneWords.Yes);
        var objects = LanguageControlTask.RandomObjects(layout, rng, 1 + rng.Next(4));
        for (int i = 0; i < objects.Count; i++)
            if (objects[i].Color == ShapeColor.Red)
                objects[i] = objects[i] with { Color = SceneLayout.PickExcept(SceneWords.Colors, rng, ShapeColor.Red) };
        if (visual)
        {
            int k = rng.Next(objects.Count);
            objects[k] = objects[k] with { Color = ShapeColor.Red };
        }
        return new(Kind, layout.Render(objects), $"flip {SceneWords.YesNoWord(flip)}: is there a red shape?", answer);
    }
}

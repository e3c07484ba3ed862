using static PidGpu.Inputs.Scenes.SceneLayout;

namespace PidGpu.Inputs.Scenes;

/// <summary>
/// Language-answerable control, "is a circle round?" / "does a square have corners?". The answer is a fixed
/// fact about the named shape; the scene is 1–4 random objects drawn independently of the question.
/// Information structure: Y is a function of the question alone and independent of the image
/// (I(Y;V) = 0, H(Y|Q) = 0): language-unique. Chance 1/2.
/// </summary>
public sealed class LanguageControlTask : ISceneTask
{
    // (question, answer): three facts with each answer, so answers balance exactly.
    private static readonly (string Question, string Answer)[] Facts =
    [
        ("is a circle round?", SceneWords.Yes),
        ("does a square have corners?", SceneWords.Yes),
        ("does a triangle have corners?", SceneWords.Yes),
        ("is a square round?", SceneWords.No),
        ("is a triangle round?", SceneWords.No),
        ("does a circle have corners?", SceneWords.No),
    ];

    public SceneTaskKind Kind => SceneTaskKind.LanguageControl;

    public IReadOnlyList<string> Answers => SceneWords.YesNo;

    /// <summary>The fixed answer of a control question, or null if it is not one.</summary>
    public static string? AnswerOf(string question) =>
        Facts.Where(f => f.Question == question).Select(f => f.Answer).FirstOrDefault();

    public SceneSample Sample(SceneLayout layout, Random rng, string answer)
    {
        var facts = Facts.Where(f => f.Answer == answer).ToArray();
        var question = facts[rng.Next(facts.Length)].Question;
        return new(Kind, layout.Render(RandomObjects(layout, rng, 1 + rng.Next(4))), question, answer);
    }

    internal static List<SceneObject> RandomObjects(SceneLayout layout, Random rng, int count) =>
        layout.ShuffledCells(rng).Take(count)
            .Select(cell => new SceneObject(Pick(SceneWords.Shapes, rng), Pick(SceneWords.Colors, rng), cell.Row, cell.Column))
            .ToList();
}

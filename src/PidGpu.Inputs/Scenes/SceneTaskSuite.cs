namespace PidGpu.Inputs.Scenes;

/// <summary>
/// The task families and balanced, seeded data sets drawn from them. Answers are dealt round-robin over
/// each task's answer list in a shuffled order, so every answer occurs count / |answers| times (±1) and
/// chance accuracy is exactly 1 / |answers|. The same seed gives the same samples.
/// </summary>
public static class SceneTaskSuite
{
    /// <summary>All task families, one instance each, in <see cref="SceneTaskKind"/> order.</summary>
    public static IReadOnlyList<ISceneTask> All { get; } =
    [
        new AttributeTask(),
        new ExistenceTask(),
        new SpatialTask(),
        new CountingTask(),
        new ComparisonTask(),
        new LanguageControlTask(),
        new RedundantTask(),
        new XorSynergyTask(),
        new ShapeQueryTask(),
        new SideTask(),
    ];

    public static ISceneTask Get(SceneTaskKind kind) => All.First(t => t.Kind == kind);

    /// <summary>Every answer word of every task (the answer vocabulary), in a fixed order without repeats.</summary>
    public static IReadOnlyList<string> AnswerVocabulary { get; } = All.SelectMany(t => t.Answers).Distinct().ToArray();

    /// <summary>Every word the questions, answers and the prompt template can contain, in a fixed order.</summary>
    public static IReadOnlyList<string> Words { get; } = BuildWords();

    /// <summary><paramref name="count"/> balanced samples of one task, deterministic in <paramref name="seed"/>.</summary>
    public static IReadOnlyList<SceneSample> Generate(ISceneTask task, int count, int seed, SceneLayout? layout = null)
    {
        if (count < 0)
            throw new PidInputException($"sample count {count} is negative");
        layout ??= new SceneLayout();
        // Counting places up to 5 objects; shape areas (hence pixel read-back) are distinct from 8-px cells.
        if (layout.GridSize < 3 || layout.CellSize < 8)
            throw new PidInputException($"scene layout {layout.GridSize}x{layout.GridSize} cells of {layout.CellSize} px: need at least 3 cells of 8 px");
        var rng = new Random(seed);
        var answers = new List<string>(count);
        while (answers.Count < count)
        {
            var round = task.Answers.ToList();
            SceneLayout.Shuffle(round, rng);
            answers.AddRange(round.Take(count - answers.Count));
        }
        return answers.Select(a => task.Sample(layout, rng, a)).ToArray();
    }

    /// <summary><paramref name="countPerTask"/> samples of every task, tasks interleaved in a seeded order.</summary>
    public static IReadOnlyList<SceneSample> GenerateMixed(int countPerTask, int seed, SceneLayout? layout = null) =>
        GenerateMixed(_ => countPerTask, seed, layout);

    /// <summary><paramref name="countOf"/>(task) samples of every task, tasks interleaved in a seeded order; each task draws
    /// from its own seed, so a task's samples do not depend on the other tasks' counts.</summary>
    public static IReadOnlyList<SceneSample> GenerateMixed(Func<SceneTaskKind, int> countOf, int seed, SceneLayout? layout = null)
    {
        var all = All.SelectMany((t, i) => Generate(t, countOf(t.Kind), seed * 31 + i, layout)).ToList();
        SceneLayout.Shuffle(all, new Random(seed));
        return all;
    }

    private static string[] BuildWords()
    {
        var words = new List<string>();
        void Add(params string[] ws)
        {
            foreach (var w in ws)
                if (!words.Contains(w))
                    words.Add(w);
        }
        Add("user", "assistant");
        Add(SceneWords.Colors.Select(c => c.Word()).ToArray());
        Add(SceneWords.Shapes.Select(s => s.Word()).ToArray());
        Add(SceneWords.Shapes.Select(s => s.Plural()).ToArray());
        Add(AnswerVocabulary.ToArray());
        Add("what", "color", "is", "the", "there", "a", "are", "shape", "shapes", "left", "of", "how", "many",
            "and", "same", "does", "have", "corners", "round", "flip", "object", "which", "side", "on");
        Add("?", ":", ".");
        return [.. words];
    }
}

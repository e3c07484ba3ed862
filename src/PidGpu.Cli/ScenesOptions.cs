using CommandLine;

namespace PidGpu.Cli;

[Verb("scenes", HelpText = "Write the procedural scene tasks as a question set: images/*.png and questions.jsonl " +
    "(id, image, question, answer, task), readable by --data of inspect, capture and analyze.")]
public sealed class ScenesOptions : IExtraArguments
{
    /// <summary>Positional arguments the verb does not take; rejected by <see cref="CliApp"/>.</summary>
    [Value(0, Hidden = true)]
    public IEnumerable<string> Extra { get; set; } = [];

    [Option("out", Required = true, MetaValue = "DIR", HelpText = "Folder for questions.jsonl and images/.")]
    public string Out { get; set; } = "";

    [Option("per-task", Default = PidDefaults.SceneSamplesPerTask, MetaValue = "N", HelpText = "Samples per task (answers balanced within each task).")]
    public int PerTask { get; set; } = PidDefaults.SceneSamplesPerTask;

    [Option("tasks", Default = "all", MetaValue = "LIST", HelpText = "all, or scene task names joined by commas (Attribute,XorSynergy,...).")]
    public string Tasks { get; set; } = "all";

    [Option("seed", Default = PidDefaults.SceneSeed, MetaValue = "S", HelpText = "Seed; task t uses S + t, as analyze does, so the default gives analyze's samples.")]
    public int Seed { get; set; } = PidDefaults.SceneSeed;
}

using CommandLine;

namespace PidGpu.Cli;

/// <summary>Options of <c>pidgpu compare RUN_A RUN_B</c>.</summary>
[Verb("compare", HelpText = "Layer-wise Pearson correlation of each atom's trajectory between two runs (e.g. two models), " +
    "per task and condition, and their mean.")]
public sealed class CompareOptions : IExtraArguments
{
    /// <summary>Positional arguments the verb does not take; rejected by <see cref="CliApp"/>.</summary>
    [Value(2, Hidden = true)]
    public IEnumerable<string> Extra { get; set; } = [];

    public static readonly string[] Usage =
    [
        "Usage: pidgpu compare RUN_A RUN_B [--out FILE.json]",
        "Pairs series on task and condition (and on model name when the runs share one; two",
        "single-model runs are compared model against model), correlates R, U1, U2, S and I over",
        "the layers both have, and prints r per atom and task, their mean over R, U1, U2, S, and",
        "the mean per atom over tasks.",
    ];

    [Value(0, MetaName = "RUN_A", Required = true, HelpText = "First run folder (results.json).")]
    public string RunA { get; set; } = "";

    [Value(1, MetaName = "RUN_B", Required = true, HelpText = "Second run folder (results.json).")]
    public string RunB { get; set; } = "";

    [Option("out", MetaValue = "FILE.json", HelpText = "Also write the comparison as JSON (atomically).")]
    public string? Out { get; set; }
}

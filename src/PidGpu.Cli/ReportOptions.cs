using CommandLine;

namespace PidGpu.Cli;

/// <summary>Options of <c>pidgpu report RUN_DIR</c>.</summary>
[Verb("report", HelpText = "Re-render a run's summary table (stdout), summary.json and plots (RUN_DIR/plots, PNG and SVG) " +
    "from its saved results.json, without recomputing.")]
public sealed class ReportOptions : IExtraArguments
{
    /// <summary>Positional arguments the verb does not take; rejected by <see cref="CliApp"/>.</summary>
    [Value(1, Hidden = true)]
    public IEnumerable<string> Extra { get; set; } = [];

    public static readonly string[] Usage =
    [
        "Usage: pidgpu report RUN_DIR [--layer L] [--no-plots]",
        "Reads RUN_DIR/results.json; prints per (model, task, condition) the layer where U1",
        "(vision-unique) peaks, the U2 (language-unique) share of I at the last layer and the largest",
        "synergy share S/I; writes RUN_DIR/summary.json and RUN_DIR/plots/*.png|svg. With knockout",
        "series, also prints ΔC% and Dep at the decision layer (the last layer, or --layer L).",
        "Layer 0 = embedding output.",
    ];

    [Value(0, MetaName = "RUN_DIR", Required = true, HelpText = "Run folder holding results.json.")]
    public string RunDir { get; set; } = "";

    [Option("layer", MetaValue = "L", HelpText = "Layer at which knockout deltas are reported (default: the last layer).")]
    public int? Layer { get; set; }

    [Option("no-plots", HelpText = "Only the table and summary.json.")]
    public bool NoPlots { get; set; }
}

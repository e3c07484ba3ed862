using CommandLine;

namespace PidGpu.Cli;

[Verb("analyze", HelpText = "Forward passes with layer capture, then the PID of the answer logit from the image and question states, per task and layer.")]
public sealed class AnalyzeOptions : LayerRunOptions
{
    [Option("knockout", MetaValue = "WINDOWS", HelpText = "Scene tasks (no --data): also run Image->Question knockouts in these decoder-block windows, e.g. 0-1,2-3 (as pidgpu knockout --layers).")]
    public string? Knockout { get; set; }

    [Option("states", MetaValue = "STATES_DIR", HelpText = "Estimate from states saved by pidgpu capture instead of a forward pass (--tasks then names their tasks).")]
    public string? States { get; set; }

    [Option("answers", Default = "correct", MetaValue = "A", HelpText = "With --data: correct (the paper's) or all.")]
    public string Answers { get; set; } = "correct";
}

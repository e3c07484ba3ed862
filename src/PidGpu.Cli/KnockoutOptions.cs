using CommandLine;

namespace PidGpu.Cli;

[Verb("knockout", HelpText = "The intact run plus Image->Question attention knockouts in each window, reported as changes against the intact run.")]
public sealed class KnockoutOptions : LayerRunOptions
{
    [Option("layers", MetaValue = "WINDOWS",
        HelpText = "Decoder-block windows to knock out, e.g. 0-1,2-3 (blocks counted from 0), each its own condition; default all blocks.")]
    public string? Layers { get; set; }
}

using CommandLine;

namespace PidGpu.Cli;

/// <summary>Options of <c>pidgpu decompose</c>. Strings are parsed by <see cref="OptionValues"/> so errors can say what is allowed.</summary>
[Verb("decompose", HelpText = "Decompose I(Y; X1, X2) into redundancy R, unique U1 and U2, and synergy S (bits). " +
    "Give exactly one input: --joint, --counts, or --x1/--x2/--y with --bins and --binning.")]
public sealed class DecomposeOptions
{
    public static readonly string[] Usage =
    [
        "Usage: pidgpu decompose INPUT [--measure imin|mmi|broja|all] [--out result.json]",
        "                        [--device auto|cuda|opencl|cpu] [--target-gap BITS] [--max-iterations N]",
        "INPUT is exactly one of:  --joint FILE.json  |  --counts FILE.csv  |",
        "                          --x1 F --x2 F --y F --bins K --binning uniform|quantile",
        "Prints the device on stderr, then a table of R, U1, U2, S, I (bits) per measure on stdout.",
    ];

    [Option("joint", MetaValue = "FILE.json",
        HelpText = "Joint distribution {\"p\": [[[...]]]} indexed p[x1][x2][y]; probabilities or counts.")]
    public string? Joint { get; set; }

    [Option("counts", MetaValue = "FILE.csv",
        HelpText = "CSV of integer-coded samples with header columns x1,x2,y (any order, others ignored), one row per sample.")]
    public string? Counts { get; set; }

    [Option("x1", MetaValue = "FILE[:COL]",
        HelpText = "Float column for X1: one number per line (optional header), or FILE.csv:COLUMN.")]
    public string? X1 { get; set; }

    [Option("x2", MetaValue = "FILE[:COL]", HelpText = "Float column for X2, as --x1.")]
    public string? X2 { get; set; }

    // CommandLineParser rejects one-letter long names, so Y is the short option -y; CliApp rewrites --y to -y.
    [Option('y', MetaValue = "FILE[:COL]",
        HelpText = "(also --y) Float column for the target Y, as --x1. Y is binned the same way as X1 and X2 (--bins, --binning).")]
    public string? Y { get; set; }

    [Option("bins", MetaValue = "K", HelpText = "Bins per float column (K >= 2, at most the number of samples).")]
    public int? Bins { get; set; }

    [Option("binning", MetaValue = "MODE", HelpText = "uniform (equal-width bins) or quantile (equal-count bins).")]
    public string? Binning { get; set; }

    [Option("measure", Default = "all", MetaValue = "M",
        HelpText = "imin, mmi, broja or all; several may be joined with commas (imin,broja).")]
    public string Measure { get; set; } = "all";

    [Option("out", MetaValue = "FILE.json", HelpText = "Write the result as JSON (atomically; never on error).")]
    public string? Out { get; set; }

    [Option("device", Default = "auto", MetaValue = "D", HelpText = "auto, cuda, opencl or cpu. auto picks CUDA when present, else the CPU.")]
    public string Device { get; set; } = "auto";

    [Option("target-gap", Default = 1e-9, MetaValue = "BITS",
        HelpText = "BROJA stops once its certified optimality gap is at most this many bits.")]
    public double TargetGap { get; set; } = 1e-9;

    [Option("max-iterations", Default = 1_000_000, MetaValue = "N",
        HelpText = "BROJA gives up (exit code 3) after this many iterations; its gap then says how far off it is.")]
    public int MaxIterations { get; set; } = 1_000_000;
}

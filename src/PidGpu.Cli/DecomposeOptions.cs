using CommandLine;

namespace PidGpu.Cli;

/// <summary>Options of <c>pidgpu decompose</c>. Strings are parsed by <see cref="OptionValues"/> so errors can say what is allowed.</summary>
[Verb("decompose", HelpText = "Decompose I(Y; X1, X2) into redundancy R, unique U1 and U2, and synergy S (bits). " +
    "Give exactly one input: --joint, --counts, or --x1/--x2/--y with --bins and --binning; " +
    "or, with --estimator gaussian, activation matrices --x1/--x2/--y (.npy or .safetensors).")]
public sealed class DecomposeOptions : IExtraArguments
{
    /// <summary>Positional arguments the verb does not take; rejected by <see cref="CliApp"/>.</summary>
    [Value(0, Hidden = true)]
    public IEnumerable<string> Extra { get; set; } = [];

    public static readonly string[] Usage =
    [
        "Usage: pidgpu decompose INPUT [--measure imin|mmi|broja|all] [--out result.json]",
        "                        [--device auto|cuda|opencl|cpu] [--target-gap BITS] [--max-iterations N]",
        "                        [--solver newton|scaling] [--max-seconds S] [--max-memory SIZE]",
        "INPUT is exactly one of:  --joint FILE.json  |  --counts FILE.csv  |  --joints FILE.npy (N x n1 x n2 x ny) |",
        "                          --x1 F --x2 F --y F --bins K --binning uniform|quantile  |",
        "                          --x1 A.npy --x2 B.npy --y C.npy --bins K [--pca K] [--discretize kmeans|quantile]",
        "Prints the device on stderr, then a table of R, U1, U2, S, I (bits) per measure on stdout.",
        "",
        "Gaussian (continuous) estimator, on activation matrices (N samples x d features each):",
        "       pidgpu decompose --estimator gaussian --x1 A.npy --x2 B.npy --y C.npy",
        "                        [--measure mmi|gpid|all] [--pca K] [--gaussianize none|copula|flow]",
        "                        [--bootstrap B] [--permutations P] [--seed S] [--bias-correction]",
        "                        [--ridge EPS] [--drop-nonfinite] [--flow-steps N --flow-blocks N --flow-hidden N --flow-lr R]",
        "                        [--out result.json] [--device ...] [--target-gap BITS] [--max-iterations N]",
        "A .safetensors matrix is FILE.safetensors:TENSOR. Fits the covariance of [X1 | X2 | Y] on the device",
        "and decomposes it: mmi (minimum mutual information) and gpid (~G-PID, the Gaussian BROJA of",
        "Venkatesh et al. 2023). Variables wider than K (default 8; 0 = off) are first reduced by PCA.",
        "--bins, --binning, --joint and --counts do not apply.",
        "       pidgpu decompose --estimator gaussian --cov COV.npy --dims d1,d2,dy [--samples N] [--measure ...]",
        "A covariance over [X1, X2, Y] instead of matrices; --samples N enables --bias-correction.",
    ];

    [Option("estimator", Default = "discrete", MetaValue = "E",
        HelpText = "discrete (binned or integer data: --joint, --counts, or float columns with --bins/--binning) or " +
            "gaussian (jointly Gaussian fit of the activation matrices --x1/--x2/--y).")]
    public string Estimator { get; set; } = "discrete";

    [Option("joint", MetaValue = "FILE.json",
        HelpText = "Joint distribution {\"p\": [[[...]]]} indexed p[x1][x2][y]; probabilities or counts.")]
    public string? Joint { get; set; }

    [Option("joints", MetaValue = "FILE.npy",
        HelpText = "A batch of joint tables: a float64 .npy array of shape (N, n1, n2, ny), each table p[x1][x2][y] (probabilities " +
            "or counts). Writes {\"problems\": [{\"measures\": ..., \"solve_seconds\": t}, ...], \"solve_seconds\": total} in input order.")]
    public string? Joints { get; set; }

    [Option("cov", MetaValue = "COV.npy",
        HelpText = "gaussian only: a (d1+d2+dy) x (d1+d2+dy) covariance over [X1, X2, Y] (float64 .npy) instead of --x1/--x2/--y; needs --dims.")]
    public string? Cov { get; set; }

    [Option("dims", MetaValue = "d1,d2,dy", HelpText = "With --cov: the widths of X1, X2 and Y.")]
    public string? Dims { get; set; }

    [Option("samples", MetaValue = "N", HelpText = "With --cov: the number of samples behind the covariance (for --bias-correction).")]
    public long? Samples { get; set; }

    [Option("solver", MetaValue = "S",
        HelpText = "BROJA solver: newton (default; second order, on the host) or scaling (first order, batched on the device).")]
    public string? Solver { get; set; }

    [Option("max-seconds", MetaValue = "S",
        HelpText = "Refuse (exit 2) a BROJA run whose estimated time exceeds S seconds (default 3600); raise it to allow one.")]
    public double? MaxSeconds { get; set; }

    [Option("max-memory", MetaValue = "SIZE",
        HelpText = "Refuse (exit 2) a BROJA run whose estimated memory exceeds SIZE (bytes, or with K/M/G/T; default 80% of the memory available).")]
    public string? MaxMemory { get; set; }

    [Option("counts", MetaValue = "FILE.csv",
        HelpText = "CSV of integer-coded samples with header columns x1,x2,y (any order, others ignored), one row per sample.")]
    public string? Counts { get; set; }

    [Option("x1", MetaValue = "FILE[:COL]",
        HelpText = "Float column for X1: one number per line (optional header), or FILE.csv:COLUMN. " +
            "With --estimator gaussian: an N x d1 matrix, FILE.npy or FILE.safetensors[:TENSOR].")]
    public string? X1 { get; set; }

    [Option("x2", MetaValue = "FILE[:COL]", HelpText = "Float column for X2, as --x1.")]
    public string? X2 { get; set; }

    // CommandLineParser rejects one-letter long names, so Y is the short option -y; CliApp rewrites --y to -y.
    [Option('y', MetaValue = "FILE[:COL]",
        HelpText = "(also --y) Float column for the target Y, as --x1. Y is binned the same way as X1 and X2 (--bins, --binning). " +
            "With --estimator gaussian: an N x dy matrix, as --x1.")]
    public string? Y { get; set; }

    [Option("bins", MetaValue = "K", HelpText = "Bins per float column (K >= 2, at most the number of samples).")]
    public int? Bins { get; set; }

    [Option("binning", MetaValue = "MODE", HelpText = "uniform (equal-width bins) or quantile (equal-count bins).")]
    public string? Binning { get; set; }

    [Option("measure", Default = "all", MetaValue = "M",
        HelpText = "discrete: imin, mmi, broja or all; gaussian: mmi, gpid or all. Several may be joined with commas (imin,broja).")]
    public string Measure { get; set; } = "all";

    [Option("out", MetaValue = "FILE.json", HelpText = "Write the result as JSON (atomically; never on error).")]
    public string? Out { get; set; }

    [Option("device", Default = "auto", MetaValue = "D", HelpText = "auto, cuda, opencl or cpu. auto picks CUDA when present, else the CPU.")]
    public string Device { get; set; } = "auto";

    // No parser default: the discrete and Gaussian optimisers have different defaults (PidDefaults).
    [Option("target-gap", MetaValue = "BITS",
        HelpText = "BROJA / gpid stop once the certified optimality gap is at most this many bits " +
            "(default 1e-9 discrete, 1e-8 gaussian).")]
    public double? TargetGap { get; set; }

    [Option("max-iterations", MetaValue = "N",
        HelpText = "BROJA / gpid give up (exit code 3) after this many iterations; the gap then says how far off it is " +
            "(default 1000000 discrete, 20000 gaussian).")]
    public int? MaxIterations { get; set; }

    [Option("ridge", MetaValue = "EPS",
        HelpText = "gaussian only: add EPS x the mean diagonal of each of the X1, X2, Y blocks to its diagonal " +
            "(e.g. 1e-6 for a singular covariance). Default 0.")]
    public double? Ridge { get; set; }

    [Option("drop-nonfinite",
        HelpText = "gaussian only: skip samples (rows) with a NaN or infinite value in any matrix and report how many; " +
            "without it such a value is an error naming the file, row and column.")]
    public bool DropNonFinite { get; set; }

    [Option("discretize", MetaValue = "D",
        HelpText = "discrete, with .npy/.safetensors matrices: kmeans (default; --bins clusters per variable, k-means++ on the device) " +
            "or quantile (each principal component cut into --bins equal-count bins, bins joined). A one-column variable is always quantile-binned.")]
    public string? Discretize { get; set; }

    [Option("pca", MetaValue = "K|F",
        HelpText = "Matrices (gaussian, or discrete with .npy/.safetensors): reduce each variable with more than K columns to its top K principal components " +
            "(of the standardised columns, on the device) before the estimate, or, for a fraction F in (0, 1) such as 0.95, to the fewest components " +
            "explaining that share of the variance. Default 8; 0 turns PCA off.")]
    public string? Pca { get; set; }

    [Option("gaussianize", MetaValue = "G",
        HelpText = "gaussian only: none (default), copula (per-column ranks to normal quantiles) or flow " +
            "(a RealNVP normalizing flow per variable, trained with TorchSharp on a held-out split; see --flow-*).")]
    public string? Gaussianize { get; set; }

    [Option("bootstrap", MetaValue = "B",
        HelpText = "gaussian only: B bootstrap resamples of the rows; reports 95% percentile intervals of R, U1, U2, S, I. Default 0.")]
    public int? Bootstrap { get; set; }

    [Option("permutations", MetaValue = "P",
        HelpText = "gaussian only: P shuffled-Y resamples; reports the null (what chance alone gives) and a p-value for I. Default 0.")]
    public int? Permutations { get; set; }

    [Option("seed", MetaValue = "S", HelpText = "Seed of the resampling, the flow and its train/evaluation split. Default 42.")]
    public int? Seed { get; set; }

    [Option("bias-correction",
        HelpText = "gaussian only: correct the mutual-information terms for small-sample bias (Cai, Liang & Zhou 2015).")]
    public bool BiasCorrection { get; set; }

    [Option("flow-steps", MetaValue = "N", HelpText = "--gaussianize flow: training steps (default 2000; the paper uses 10000).")]
    public int? FlowSteps { get; set; }

    [Option("flow-blocks", MetaValue = "N", HelpText = "--gaussianize flow: affine coupling blocks (default 8, as the paper).")]
    public int? FlowBlocks { get; set; }

    [Option("flow-hidden", MetaValue = "N", HelpText = "--gaussianize flow: hidden units of the coupling MLPs (default 64; the paper uses 256).")]
    public int? FlowHidden { get; set; }

    [Option("flow-lr", MetaValue = "RATE", HelpText = "--gaussianize flow: Adam learning rate (default 1e-3; the paper uses 1e-4 with 10000 steps).")]
    public double? FlowLearningRate { get; set; }
}

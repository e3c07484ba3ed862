using PidGpu.Estimate;
using PidGpu.Runs;

namespace PidGpu.Cli;

/// <summary>
/// Parses <c>decompose</c>'s options into the library's request: flags that do not apply, then values, then the --out
/// path, then the input's flags, so the cheap mistakes fail first and nothing is read before --out is known to be writable.
/// </summary>
internal static class DecomposeRequests
{
    public static DecompositionRequest From(DecomposeOptions o) =>
        OptionValues.Estimator(o.Estimator) == Estimator.Gaussian ? GaussianRequests.From(o) : Discrete(o);

    /// <summary>The flags given that only the Gaussian estimator reads.</summary>
    static List<string> GaussianOnlyFlags(DecomposeOptions o)
    {
        var flags = new List<string>();
        if (o.Ridge is not null) flags.Add("--ridge");
        if (o.DropNonFinite) flags.Add("--drop-nonfinite");
        if (o.Gaussianize is not null) flags.Add("--gaussianize");
        if (o.Bootstrap is not null) flags.Add("--bootstrap");
        if (o.Permutations is not null) flags.Add("--permutations");
        if (o.BiasCorrection) flags.Add("--bias-correction");
        if (o.FlowSteps is not null) flags.Add("--flow-steps");
        if (o.FlowBlocks is not null) flags.Add("--flow-blocks");
        if (o.FlowHidden is not null) flags.Add("--flow-hidden");
        if (o.FlowLearningRate is not null) flags.Add("--flow-lr");
        return flags;
    }

    static DiscreteRequest Discrete(DecomposeOptions o)
    {
        var gaussianOnly = GaussianOnlyFlags(o);
        if (gaussianOnly.Count > 0)
            throw new PidInputException($"{string.Join(", ", gaussianOnly)} {(gaussianOnly.Count == 1 ? "applies" : "apply")} only to --estimator gaussian.");
        if (o.Cov is not null || o.Dims is not null || o.Samples is not null)
            throw new PidInputException("--cov, --dims and --samples apply only to --estimator gaussian.");
        var measures = OptionValues.Measures(o.Measure);
        var kind = OptionValues.Device(o.Device);
        var solver = OptionValues.Solver(o.Solver);
        var budget = Budget(o);
        double targetGap = o.TargetGap ?? PidDefaults.BrojaTargetGapBits;
        int maxIterations = o.MaxIterations ?? PidDefaults.BrojaMaxIterations;
        CheckIterationSettings(targetGap, maxIterations);
        if (o.Out is { } outPath) OutputPath.Check(outPath, Inputs(o));
        return new DiscreteRequest(DiscreteInputs.From(o))
        {
            Measures = measures,
            Device = kind,
            Broja = new BrojaOptions(targetGap, maxIterations, solver),
            Budget = budget,
        };
    }

    /// <summary>--max-seconds and --max-memory as the BROJA budget.</summary>
    static BrojaBudget Budget(DecomposeOptions o)
    {
        double seconds = o.MaxSeconds ?? PidDefaults.BrojaMaxSeconds;
        if (!(seconds > 0))
            throw new PidInputException($"--max-seconds must be a positive number of seconds (got {o.MaxSeconds}).");
        long bytes = o.MaxMemory is { } text ? OptionValues.Size(text, "--max-memory") : BrojaBudget.DefaultMaxBytes();
        return new BrojaBudget(seconds, bytes);
    }

    internal static void CheckIterationSettings(double targetGap, int maxIterations)
    {
        if (!double.IsFinite(targetGap) || targetGap <= 0)
            throw new PidInputException($"--target-gap must be a positive number of bits (got {targetGap}).");
        if (maxIterations < 1)
            throw new PidInputException($"--max-iterations must be at least 1 (got {maxIterations}).");
    }

    /// <summary>Every input file of decompose, for <see cref="OutputPath.Check"/>.</summary>
    internal static string?[] Inputs(DecomposeOptions o) => [o.Joint, o.Joints, o.Cov, o.Counts, o.X1, o.X2, o.Y];
}

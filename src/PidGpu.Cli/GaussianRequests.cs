using PidGpu.Estimate;
using PidGpu.Runs;
using PidGpu.Gaussianize;

namespace PidGpu.Cli;

/// <summary><c>decompose --estimator gaussian</c>'s options as the library's <see cref="GaussianRequest"/>: matrices (streamed,
/// or through the PID Flow pipeline) or a covariance (--cov), every flag checked before any file is read.</summary>
internal static class GaussianRequests
{
    public static GaussianRequest From(DecomposeOptions o)
    {
        var rejected = new List<string>();
        if (o.Bins is not null) rejected.Add("--bins");
        if (o.Binning is not null) rejected.Add("--binning");
        if (o.Joint is not null) rejected.Add("--joint");
        if (o.Counts is not null) rejected.Add("--counts");
        if (o.Joints is not null) rejected.Add("--joints");
        if (o.Solver is not null) rejected.Add("--solver");
        if (rejected.Count > 0)
            throw new PidInputException($"{string.Join(", ", rejected)} {(rejected.Count == 1 ? "does" : "do")} not apply to --estimator gaussian, " +
                "which fits a Gaussian to the activation matrices --x1, --x2, --y (no binning); drop " +
                (rejected.Count == 1 ? "it" : "them") + " or use --estimator discrete.");
        if (o.Cov is not null) return Covariance(o);
        if (o.Dims is not null || o.Samples is not null)
            throw new PidInputException("--dims and --samples apply only with --cov.");
        string[] flags = ["--x1", "--x2", "--y"];
        string?[] specs = [o.X1, o.X2, o.Y];
        var missing = flags.Where((_, i) => specs[i] is null).ToArray();
        if (missing.Length > 0)
            throw new PidInputException($"--estimator gaussian needs the matrices --x1, --x2 and --y; missing {string.Join(", ", missing)}.");

        var measures = OptionValues.GaussianMeasures(o.Measure);
        var kind = OptionValues.Device(o.Device);
        var options = SolverOptions(o);
        var pca = OptionValues.Pca(o.Pca, PidDefaults.PcaComponents);
        var gaussianize = (o.Gaussianize ?? "none").Trim().ToLowerInvariant() switch
        {
            "none" => GaussianizeMethod.None,
            "copula" => GaussianizeMethod.Copula,
            "flow" => GaussianizeMethod.Flow,
            _ => throw new PidInputException($"--gaussianize '{o.Gaussianize}' is not one of none, copula, flow."),
        };
        int bootstrap = NonNegative(o.Bootstrap, "--bootstrap");
        int permutations = NonNegative(o.Permutations, "--permutations");
        if (gaussianize != GaussianizeMethod.Flow)
        {
            var flowFlags = new[] { ("--flow-steps", (object?)o.FlowSteps), ("--flow-blocks", o.FlowBlocks), ("--flow-hidden", o.FlowHidden), ("--flow-lr", (object?)o.FlowLearningRate) }
                .Where(f => f.Item2 is not null).Select(f => f.Item1).ToList();
            if (flowFlags.Count > 0)
                throw new PidInputException($"{string.Join(", ", flowFlags)} only apply with --gaussianize flow.");
        }
        var flow = Flow(o);
        int seed = o.Seed ?? PidDefaults.Seed;
        if (o.Out is { } outPath) OutputPath.Check(outPath, DecomposeRequests.Inputs(o));
        return new GaussianRequest(new GaussianMatricesInput(o.X1!, o.X2!, o.Y!))
        {
            Device = kind,
            Measures = measures,
            Options = options,
            BiasCorrection = o.BiasCorrection,
            Pca = pca,
            Gaussianize = gaussianize,
            Flow = flow,
            FlowStage = gaussianize == GaussianizeMethod.Flow ? () => FlowStageFactory.Create(flow, seed) : null,
            Bootstrap = bootstrap,
            Permutations = permutations,
            Seed = seed,
            DropNonFinite = o.DropNonFinite,
        };
    }

    /// <summary><c>--cov COV.npy --dims d1,d2,dy [--samples N]</c>: the Gaussian PID of a covariance given directly.</summary>
    static GaussianRequest Covariance(DecomposeOptions o)
    {
        var matrixFlags = new[] { ("--x1", o.X1), ("--x2", o.X2), ("--y", o.Y) }.Where(f => f.Item2 is not null).Select(f => f.Item1).ToArray();
        if (matrixFlags.Length > 0)
            throw new PidInputException($"--cov replaces the matrices; drop {string.Join(", ", matrixFlags)}.");
        var pipelineFlags = new List<string>();
        if (o.Pca is not null) pipelineFlags.Add("--pca");
        if (o.Gaussianize is not null) pipelineFlags.Add("--gaussianize");
        if (o.Bootstrap is not null) pipelineFlags.Add("--bootstrap");
        if (o.Permutations is not null) pipelineFlags.Add("--permutations");
        if (o.DropNonFinite) pipelineFlags.Add("--drop-nonfinite");
        if (pipelineFlags.Count > 0)
            throw new PidInputException($"{string.Join(", ", pipelineFlags)} need the samples (--x1/--x2/--y); a covariance alone cannot be resampled or transformed.");
        var (d1, d2, dy) = OptionValues.Dims(o.Dims);
        if (o.Samples is { } n && n <= d1 + d2 + dy)
            throw new PidInputException($"--samples {n} must exceed d1 + d2 + dy = {d1 + d2 + dy} for the covariance to be an estimate.");
        if (o.BiasCorrection && o.Samples is null)
            throw new PidInputException("--bias-correction with --cov needs --samples N (the number of samples behind the covariance).");
        var measures = OptionValues.GaussianMeasures(o.Measure);
        var options = SolverOptions(o);
        if (o.Out is { } outPath) OutputPath.Check(outPath, DecomposeRequests.Inputs(o));
        return new GaussianRequest(new CovarianceInput(o.Cov!, d1, d2, dy, o.Samples))
        {
            Measures = measures, Options = options, BiasCorrection = o.BiasCorrection,
        };
    }

    /// <summary>--ridge, --target-gap and --max-iterations as the Gaussian solvers' options, checked.</summary>
    static GaussianOptions SolverOptions(DecomposeOptions o)
    {
        double ridge = o.Ridge ?? 0;
        if (!double.IsFinite(ridge) || ridge < 0)
            throw new PidInputException($"--ridge must be a finite number >= 0 (got {ridge}).");
        double targetGap = o.TargetGap ?? PidDefaults.GpidTargetGapBits;
        int maxIterations = o.MaxIterations ?? PidDefaults.GpidMaxIterations;
        DecomposeRequests.CheckIterationSettings(targetGap, maxIterations);
        return new GaussianOptions(ridge, targetGap, maxIterations);
    }

    static int NonNegative(int? value, string flag)
    {
        int v = value ?? 0;
        if (v < 0) throw new PidInputException($"{flag} must be >= 0, got {v}.");
        return v;
    }

    /// <summary>--flow-* settings, checked; the defaults are <see cref="FlowSettings"/>'.</summary>
    static FlowSettings Flow(DecomposeOptions o)
    {
        var defaults = new FlowSettings();
        int steps = o.FlowSteps ?? defaults.Steps, blocks = o.FlowBlocks ?? defaults.Blocks, hidden = o.FlowHidden ?? defaults.Hidden;
        double rate = o.FlowLearningRate ?? defaults.LearningRate;
        if (!(rate > 0 && double.IsFinite(rate))) throw new PidInputException($"--flow-lr must be a positive number, got {rate}.");
        if (steps < 1) throw new PidInputException($"--flow-steps must be >= 1, got {steps}.");
        if (blocks < 1) throw new PidInputException($"--flow-blocks must be >= 1, got {blocks}.");
        if (hidden < 1) throw new PidInputException($"--flow-hidden must be >= 1, got {hidden}.");
        return new FlowSettings(steps, blocks, hidden, rate);
    }
}

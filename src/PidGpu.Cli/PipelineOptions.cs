using PidGpu.Formats.Arrays;
using PidGpu.Gaussian;
using PidGpu.Pipeline;
using PidGpu.Uncertainty;

namespace PidGpu.Cli;

internal enum GaussianizeChoice { None, Copula, Flow }

/// <summary>The Gaussian estimator's PID Flow options (--pca, --gaussianize, --bootstrap, ...), checked before any file is read.</summary>
internal sealed record PipelineOptions(PcaSize Pca, GaussianizeChoice Gaussianize, int Bootstrap, int Permutations, int Seed,
    bool BiasCorrection, bool DropNonFinite, bool Mmi, bool Gpid, GaussianOptions Gaussian, FlowChoice Flow)
{
    public const int DefaultPca = 8;
    public const int DefaultSeed = 42;

    public static PipelineOptions From(DecomposeOptions o, bool mmi, bool gpid, GaussianOptions gaussian)
    {
        var pca = OptionValues.Pca(o.Pca, DefaultPca);
        var choice = (o.Gaussianize ?? "none").Trim().ToLowerInvariant() switch
        {
            "none" => GaussianizeChoice.None,
            "copula" => GaussianizeChoice.Copula,
            "flow" => GaussianizeChoice.Flow,
            _ => throw new PidInputException($"--gaussianize '{o.Gaussianize}' is not one of none, copula, flow."),
        };
        int bootstrap = NonNegative(o.Bootstrap, "--bootstrap");
        int permutations = NonNegative(o.Permutations, "--permutations");
        if (choice != GaussianizeChoice.Flow)
        {
            var flowFlags = new[] { ("--flow-steps", (object?)o.FlowSteps), ("--flow-blocks", o.FlowBlocks), ("--flow-hidden", o.FlowHidden), ("--flow-lr", (object?)o.FlowLearningRate) }
                .Where(f => f.Item2 is not null).Select(f => f.Item1).ToList();
            if (flowFlags.Count > 0)
                throw new PidInputException($"{string.Join(", ", flowFlags)} only apply with --gaussianize flow.");
        }
        var flow = FlowChoice.From(o);
        return new PipelineOptions(pca, choice, bootstrap, permutations, o.Seed ?? DefaultSeed, o.BiasCorrection, o.DropNonFinite,
            mmi, gpid, gaussian, flow);
    }

    static int NonNegative(int? value, string flag)
    {
        int v = value ?? 0;
        if (v < 0) throw new PidInputException($"{flag} must be >= 0, got {v}.");
        return v;
    }

    /// <summary>
    /// Reduction, Gaussianization or resampling need the rows in memory (PidFlow); otherwise the matrices are streamed
    /// straight into the device covariance, which also serves files wider and longer than memory.
    /// </summary>
    public bool NeedsPipeline(IReadOnlyList<IMatrixSource> sources) =>
        Gaussianize != GaussianizeChoice.None || Bootstrap > 0 || Permutations > 0 || sources.Any(s => Pca.Reduces(s.Columns));

    public ResamplingOptions Resampling => new(Bootstrap, Permutations, (ulong)Seed);
}

/// <summary>--flow-* settings, defaults sized for a CPU (2000 steps, 8 blocks, hidden 64, Adam lr 1e-3); the paper's are
/// 10 000 steps, 8 blocks, hidden 256, lr 1e-4.</summary>
internal sealed record FlowChoice(int Steps, int Blocks, int Hidden, double LearningRate)
{
    public static FlowChoice From(DecomposeOptions o)
    {
        int steps = o.FlowSteps ?? 2000, blocks = o.FlowBlocks ?? 8, hidden = o.FlowHidden ?? 64;
        double rate = o.FlowLearningRate ?? 1e-3;
        if (!(rate > 0 && double.IsFinite(rate))) throw new PidInputException($"--flow-lr must be a positive number, got {rate}.");
        if (steps < 1) throw new PidInputException($"--flow-steps must be >= 1, got {steps}.");
        if (blocks < 1) throw new PidInputException($"--flow-blocks must be >= 1, got {blocks}.");
        if (hidden < 1) throw new PidInputException($"--flow-hidden must be >= 1, got {hidden}.");
        return new FlowChoice(steps, blocks, hidden, rate);
    }
}

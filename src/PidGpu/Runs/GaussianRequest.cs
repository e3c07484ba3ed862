using PidGpu.Estimate;
using PidGpu.Pipeline;
using PidGpu.Uncertainty;
using PidGpu.Gaussianize;
using PidGpu.Reduce;

namespace PidGpu.Runs;

/// <summary>
/// A Gaussian decomposition (MMI and/or ~G-PID) of activation matrices or of a covariance. Matrices that need no
/// reduction, Gaussianization or resampling are streamed straight into the device covariance (files larger than memory
/// too); otherwise they go through <see cref="PidFlow"/>.
/// </summary>
public sealed record GaussianRequest(GaussianInput Input) : DecompositionRequest
{
    /// <summary>The measures whose Gaussian forms are computed: MMI and BROJA's ~G-PID ("gpid") by default (<see cref="PidMeasures.Gaussian"/>).</summary>
    public IReadOnlyCollection<IPidMeasure> Measures { get; init; } = PidMeasures.Gaussian;

    /// <summary>Ridge, target gap and iteration budget; the run sets the bias correction (<see cref="BiasCorrection"/>).</summary>
    public GaussianOptions Options { get; init; } = new();

    /// <summary>Correct the mutual-information terms for small-sample bias (Cai, Liang &amp; Zhou 2015).</summary>
    public bool BiasCorrection { get; init; }

    public PcaSize Pca { get; init; } = PidDefaults.PcaComponents;
    public GaussianizeMethod Gaussianize { get; init; }

    /// <summary>The flow's settings, recorded with the result under <see cref="GaussianizeMethod.Flow"/>.</summary>
    public FlowSettings Flow { get; init; } = new();

    /// <summary>Makes the learned flow (TorchSharp lives outside this library); needed under <see cref="GaussianizeMethod.Flow"/>.</summary>
    public Func<IGaussianizer>? FlowStage { get; init; }

    public int Bootstrap { get; init; }
    public int Permutations { get; init; }
    public int Seed { get; init; } = PidDefaults.Seed;

    /// <summary>Skip samples with a NaN or infinite value in any matrix (otherwise such a value is an error naming it).</summary>
    public bool DropNonFinite { get; init; }

    public ResamplingOptions Resampling => new(Bootstrap, Permutations, (ulong)Seed);

    /// <summary>Reduction, Gaussianization or resampling need the rows in memory (<see cref="PidFlow"/>); otherwise the
    /// matrices stream straight into the device covariance.</summary>
    public bool NeedsPipeline(IEnumerable<int> columns) =>
        Gaussianize != GaussianizeMethod.None || Bootstrap > 0 || Permutations > 0 || columns.Any(Pca.Reduces);
}

using PidGpu.Estimate;
using PidGpu.Uncertainty;
using PidGpu.Gaussianize;
using PidGpu.Reduce;

namespace PidGpu.Pipeline;

/// <summary>Settings of one <see cref="PidFlow"/> run (reduce → Gaussianize → estimate → resample).</summary>
public sealed record PidFlowSettings
{
    /// <summary>PCA per variable: k components (0 = off; variables with at most k columns are kept whole) or a variance
    /// fraction (<see cref="PcaSize"/>; an int converts). Each variable's kept k and explained share are on
    /// <see cref="ReducedVariable.Pca"/>.</summary>
    public PcaSize PcaComponents { get; init; } = PidDefaults.PcaComponents;

    /// <summary>Copula, flow or null (none: the reduced data are taken as Gaussian).</summary>
    public IGaussianizer? Gaussianizer { get; init; }

    /// <summary>Share of the rows a learned Gaussianizer trains on; the PID is evaluated on the others only.</summary>
    public double TrainFraction { get; init; } = 0.5;

    /// <summary>Seeds the train/evaluation split (the resampling has its own seed in <see cref="Resampling"/>).</summary>
    public int Seed { get; init; } = PidDefaults.Seed;

    /// <summary>Skip samples with a NaN or infinite value in any matrix (otherwise such a value is an error naming it).</summary>
    public bool DropNonFinite { get; init; }

    /// <summary>The setting a non-finite value's error names (<see cref="PidInputException.Setting"/>): dropping such rows.</summary>
    public const string DropNonFiniteSetting = "PidFlowSettings.DropNonFinite";

    /// <summary>The measures whose Gaussian forms are estimated (<see cref="PidMeasures.Gaussian"/>: MMI and BROJA's ~G-PID by
    /// default); the result has one entry per form, named by it (<see cref="PidFlowResult.Mmi"/>, <see cref="PidFlowResult.Gpid"/>).</summary>
    public IReadOnlyCollection<IPidMeasure> Measures { get; init; } = PidMeasures.Gaussian;
    /// <summary>Options of the Gaussian PID. Leave its BiasCorrection null and set <see cref="BiasCorrection"/>: the run
    /// knows the number of evaluated samples the correction needs.</summary>
    public GaussianOptions Gaussian { get; init; } = new();

    /// <summary>Correct the mutual-information terms for small-sample bias (Cai, Liang &amp; Zhou 2015).</summary>
    public bool BiasCorrection { get; init; }
    public ResamplingOptions Resampling { get; init; } = new();
}

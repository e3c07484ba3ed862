using PidGpu.Pipeline;
using PidGpu.Reduce;

namespace PidGpu.Models.Analysis;

/// <summary>Estimation settings of a layer-wise PID run (any question set, the scene tasks included).</summary>
public sealed record LayerwiseOptions
{
    /// <summary>Seed of the bootstrap (and, on the command line, of the generated scene samples).</summary>
    public int Seed { get; init; } = PidDefaults.SceneSeed;

    /// <summary>PCA per source (hidden states are wider): k components, or a variance fraction (the paper's 95 %,
    /// <see cref="PcaSize.Paper"/>) for real models; the tiny scene model keeps <see cref="PidDefaults.PcaComponents"/>.</summary>
    public PcaSize Pca { get; init; } = PidDefaults.PcaComponents;

    /// <summary>Copula-Gaussianize the reduced variables before the Gaussian PID.</summary>
    public bool Copula { get; init; } = true;

    /// <summary>Bootstrap resamples per layer (0 = none).</summary>
    public int Bootstrap { get; init; }

    /// <summary>Below this many correctly answered samples a task is skipped (with a message), not estimated.</summary>
    public int MinimumSamples { get; init; } = 60;

    /// <summary>The paper's Gaussian MMI on copula-normalised PCA scores, or BROJA on discretised codes.</summary>
    public LayerEstimator Estimator { get; init; } = LayerEstimator.Gaussian;

    /// <summary>Discrete estimator: k-means clusters per source, and quantile bins of a continuous Y.</summary>
    public int Bins { get; init; } = PidDefaults.LayerwiseBins;

    /// <summary>What Y is: the gold answer's logit (the paper) or the gold answer's class among the task's answers.</summary>
    public LayerTarget Target { get; init; } = LayerTarget.Logit;

    /// <summary>BROJA stops at this certified gap (bits); why it is looser than the library's: <see cref="PidDefaults.LayerwiseBrojaTargetGapBits"/>.</summary>
    public double BrojaGapBits { get; init; } = PidDefaults.LayerwiseBrojaTargetGapBits;

    /// <summary>BROJA iteration cap; a layer stopped by it is reported as not converged, with its gap.</summary>
    public int BrojaMaxIterations { get; init; } = PidDefaults.LayerwiseBrojaMaxIterations;

    /// <summary>Layers finished by an interrupted run, and where each new layer is saved; null = no checkpoints.</summary>
    public LayerCheckpoint? Checkpoint { get; init; }
}

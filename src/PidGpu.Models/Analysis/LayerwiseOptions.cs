using PidGpu.Inputs.Scenes;
using PidGpu.Pipeline;
using PidGpu.Reduce;

namespace PidGpu.Models.Analysis;

/// <summary>Settings of a layer-wise PID run over scene tasks.</summary>
public sealed record LayerwiseOptions
{
    /// <summary>Tasks to analyse (all by default).</summary>
    public IReadOnlyList<SceneTaskKind> Tasks { get; init; } = Enum.GetValues<SceneTaskKind>();

    /// <summary>Generated samples per task, before keeping the correctly answered ones (the paper analyses those only).</summary>
    public int SamplesPerTask { get; init; } = PidDefaults.SceneSamplesPerTask;

    /// <summary>Seed of the generated samples (distinct from the training data's).</summary>
    public int Seed { get; init; } = PidDefaults.SceneSeed;

    /// <summary>PCA per source (hidden states are wider): k components, or a variance fraction (the paper's 95 %,
    /// <see cref="PcaSize.Paper"/>) for real models; the tiny scene model keeps <see cref="PidDefaults.PcaComponents"/>.</summary>
    public PcaSize Pca { get; init; } = PidDefaults.PcaComponents;

    /// <summary>Copula-Gaussianize the reduced variables before the Gaussian PID.</summary>
    public bool Copula { get; init; } = true;

    /// <summary>Bootstrap resamples per layer (0 = none).</summary>
    public int Bootstrap { get; init; }

    /// <summary>Image→Question knockout windows (decoder blocks, inclusive); each gives its own condition.</summary>
    public IReadOnlyList<(int First, int Last)> Knockouts { get; init; } = [];

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

/// <summary>PID estimator of the layer-wise analysis.</summary>
public enum LayerEstimator
{
    /// <summary>PCA → copula → Gaussian MMI (the paper's estimator); blind to XOR-like synergy.</summary>
    Gaussian,
    /// <summary>PCA → k-means codes per source, Y as classes or quantile bins → plug-in BROJA.</summary>
    Discrete,
}

/// <summary>The target variable Y of the layer-wise PID.</summary>
public enum LayerTarget
{
    /// <summary>The gold answer's pre-softmax logit at the last position (the paper's Y).</summary>
    Logit,
    /// <summary>
    /// The gold answer's index among the task's answers; on the analysed (correctly answered) samples this is also the model's
    /// answer in the intact run. Under knockout it stays the gold answer.
    /// </summary>
    Answer,
}

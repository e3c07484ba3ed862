using PidGpu.Models.Scenes;

namespace PidGpu.Models.Analysis;

/// <summary>Settings of a layer-wise PID run over scene tasks.</summary>
public sealed record LayerwiseOptions
{
    /// <summary>Tasks to analyse (all by default).</summary>
    public IReadOnlyList<SceneTaskKind> Tasks { get; init; } = Enum.GetValues<SceneTaskKind>();

    /// <summary>Generated samples per task, before keeping the correctly answered ones (the paper analyses those only).</summary>
    public int SamplesPerTask { get; init; } = 600;

    /// <summary>Seed of the generated samples (distinct from the training data's).</summary>
    public int Seed { get; init; } = 7_001;

    /// <summary>PCA size per source (hidden states are wider).</summary>
    public int Pca { get; init; } = 8;

    /// <summary>Copula-Gaussianize the reduced variables before the Gaussian PID.</summary>
    public bool Copula { get; init; } = true;

    /// <summary>Bootstrap resamples per layer (0 = none).</summary>
    public int Bootstrap { get; init; }

    /// <summary>Image→Question knockout windows (decoder blocks, inclusive); each gives its own condition.</summary>
    public IReadOnlyList<(int First, int Last)> Knockouts { get; init; } = [];

    /// <summary>Below this many correctly answered samples a task is skipped (with a message), not estimated.</summary>
    public int MinimumSamples { get; init; } = 60;
}

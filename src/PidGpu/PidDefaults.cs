namespace PidGpu;

/// <summary>
/// The library's defaults, in one place: the options records, the pipeline and every front end take them from here, so a
/// default changes once.
/// </summary>
public static class PidDefaults
{
    /// <summary>Principal components kept per variable before an estimate (variables with at most this many columns stay whole).</summary>
    public const int PcaComponents = 8;

    /// <summary>Seed of resampling, train/evaluation splits, k-means++ and flows.</summary>
    public const int Seed = 42;

    /// <summary>Discrete BROJA: stop once the certified optimality gap is at most this many bits.</summary>
    public const double BrojaTargetGapBits = 1e-9;

    /// <summary>Discrete BROJA: give up (not converged) after this many iterations.</summary>
    public const int BrojaMaxIterations = 1_000_000;

    /// <summary>~G-PID (the Gaussian BROJA): stop once the certified optimality gap is at most this many bits.</summary>
    public const double GpidTargetGapBits = 1e-8;

    /// <summary>~G-PID: give up (not converged) after this many projected-gradient steps.</summary>
    public const int GpidMaxIterations = 20_000;

    /// <summary>
    /// Layer-wise discrete route: BROJA's certified gap (bits), looser than <see cref="BrojaTargetGapBits"/> because atoms are read
    /// to 3 decimals and near-degenerate joints (XOR) can take hundreds of thousands of iterations to reach that.
    /// </summary>
    public const double LayerwiseBrojaTargetGapBits = 1e-6;

    /// <summary>Layer-wise discrete route: BROJA's iteration cap (a layer stopped by it is reported as not converged).</summary>
    public const int LayerwiseBrojaMaxIterations = 200_000;

    /// <summary>Layer-wise discrete route: k-means clusters per source and quantile bins of a continuous target.</summary>
    public const int LayerwiseBins = 8;

    /// <summary>Generated scene samples per task (analyze, knockout, scenes).</summary>
    public const int SceneSamplesPerTask = 600;

    /// <summary>Seed of the generated scene samples (task t uses this + t; distinct from the training data's).</summary>
    public const int SceneSeed = 7_001;

    /// <summary>A BROJA run estimated to last longer than this many seconds is refused before it starts.</summary>
    public const double BrojaMaxSeconds = 3600;

    /// <summary>Share of the available memory a BROJA run may be estimated to need before it is refused.</summary>
    public const double BrojaMemoryShare = 0.8;
}

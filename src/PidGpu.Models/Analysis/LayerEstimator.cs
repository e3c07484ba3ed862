namespace PidGpu.Models.Analysis;

/// <summary>PID estimator of the layer-wise analysis.</summary>
public enum LayerEstimator
{
    /// <summary>PCA → copula → Gaussian MMI (the paper's estimator); blind to XOR-like synergy.</summary>
    Gaussian,
    /// <summary>PCA → k-means codes per source, Y as classes or quantile bins → plug-in BROJA.</summary>
    Discrete,
}

namespace PidGpu.Discretize;

/// <summary>How the discrete route turns reduced variables into codes.</summary>
public enum DiscretizeMode
{
    /// <summary>Each kept component cut into equal-count bins; a variable's code joins its components' bins.</summary>
    Quantile,
    /// <summary>k-means clusters (k-means++ seeding, on the device) of the reduced rows.</summary>
    KMeans,
}

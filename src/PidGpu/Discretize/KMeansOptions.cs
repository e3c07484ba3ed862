namespace PidGpu.Discretize;

/// <summary>
/// Settings of <see cref="KMeans"/>: at most <paramref name="MaxIterations"/> assignment passes, and the seed of the
/// System.Random that draws the k-means++ centres (same seed, same data → same result, bit for bit).
/// </summary>
public sealed record KMeansOptions(int MaxIterations = 100, int Seed = 0);

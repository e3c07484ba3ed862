namespace PidGpu.Discretize;

/// <summary>
/// A k-means clustering. <see cref="Codes"/>[i] is row i's nearest centroid among <see cref="Centroids"/>
/// ([Clusters × Dimensions], row-major); <see cref="Inertia"/> = Σ ‖x_i − centroid(code_i)‖²; <see cref="Iterations"/>
/// counts assignment passes; <see cref="Converged"/> is true when the last pass changed no code (false: the
/// iteration limit stopped it). <see cref="InitialCentroids"/> are the seeds Lloyd's iterations started from.
/// </summary>
public sealed record KMeansResult(
    int[] Codes,
    double[] Centroids,
    int Clusters,
    int Dimensions,
    double Inertia,
    int Iterations,
    bool Converged,
    double[] InitialCentroids);

namespace PidGpu.Reduce;

/// <summary>
/// How many components a PCA keeps: a fixed k, or, for a variance target t (e.g. 0.95), the fewest whose eigenvalues
/// sum to t × the exact trace of the correlation matrix. k doubles until the top k reach t (each solve warm-started from
/// the last one's vectors), then the list is cut at the first k that does.
/// </summary>
static class ComponentCount
{
    /// <param name="top">The top <c>count</c> eigenpairs, optionally started from a row-major d×s block.</param>
    /// <param name="k">The fixed k, or the first guess under a target.</param>
    /// <param name="limit">Largest k allowed (d − 1 and N − 1); if the target is out of reach the top <paramref name="limit"/> are kept.</param>
    /// <param name="target">0 for a fixed k, else the share of <paramref name="trace"/> to reach, in (0, 1).</param>
    public static SymmetricEigen Grow(Func<int, double[]?, SymmetricEigen> top, int k, int limit, double trace, double target)
    {
        var eigen = top(k, null);
        if (target <= 0) return eigen;
        while (eigen.Values.Sum() < target * trace && k < limit)
        {
            k = Math.Min(limit, 2 * k);
            eigen = top(k, eigen.Vectors);
        }
        int kept = 0;
        double captured = 0;
        while (kept < eigen.K && captured < target * trace) captured += eigen.Values[kept++];
        return kept == eigen.K ? eigen : Leading(eigen, kept);
    }

    /// <summary>The first <paramref name="kept"/> pairs (values descending, so the largest).</summary>
    static SymmetricEigen Leading(SymmetricEigen eigen, int kept)
    {
        int d = eigen.Dimension, k = eigen.K;
        var vectors = new double[d * kept];
        for (int i = 0; i < d; i++) Array.Copy(eigen.Vectors, i * k, vectors, i * kept, kept);
        return eigen with { Values = eigen.Values[..kept], Vectors = vectors };
    }
}

namespace PidGpu.Reduce;

/// <summary>
/// How many components a PCA keeps: a fixed k, or, for a variance target t (e.g. 0.95), the fewest whose eigenvalues
/// sum to t × the exact trace of the correlation matrix. k doubles until the top k reach t, solving only to
/// <see cref="SearchTolerance"/> (Ritz values never exceed the eigenvalues they approximate, index by index, so a loose sum
/// that reaches t is a safe upper bound on the k needed); then one solve to full tolerance at the smallest k whose loose sum
/// reaches t, warm-started from the loose vectors with the search's wider block (faster convergence: the rate is
/// λ_{m+1}/λ_k per iteration), and the list is cut at the first k whose exact sum does.
/// </summary>
static class ComponentCount
{
    /// <summary>Relative residual (× λ₁) of the solves that only search for k.</summary>
    public const double SearchTolerance = 1e-4;

    /// <param name="top">top(count, wide, start, search): the top <c>count</c> eigenpairs with a block of at least
    /// <c>wide</c> + oversampling columns, optionally started from a row-major d×s block, to the search tolerance when
    /// <c>search</c> is set, else to full tolerance.</param>
    /// <param name="k">The fixed k, or the first guess under a target.</param>
    /// <param name="limit">Largest k allowed (d − 1 and N − 1); if the target is out of reach the top <paramref name="limit"/> are kept.</param>
    /// <param name="target">0 for a fixed k, else the share of <paramref name="trace"/> to reach, in (0, 1).</param>
    public static SymmetricEigen Grow(Func<int, int, double[]?, bool, SymmetricEigen> top, int k, int limit, double trace, double target)
    {
        if (target <= 0) return top(k, k, null, false);
        var search = top(k, k, null, true);
        while (search.Values.Sum() < target * trace && k < limit)
        {
            k = Math.Min(limit, 2 * k);
            search = top(k, k, search.Vectors, true);
        }
        var eigen = top(Reaching(search, target * trace), search.K, search.Vectors, false);
        int kept = Reaching(eigen, target * trace);
        return kept == eigen.K ? eigen : Leading(eigen, kept);
    }

    /// <summary>The fewest leading values summing to at least <paramref name="share"/> (all of them if none do).</summary>
    static int Reaching(SymmetricEigen eigen, double share)
    {
        int kept = 0;
        double captured = 0;
        while (kept < eigen.K && captured < share) captured += eigen.Values[kept++];
        return kept;
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

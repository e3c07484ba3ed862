using ILGPU;

namespace PidGpu.Kernels.Broja;

/// <summary>
/// Dense Cholesky A = L Lᵀ of a small symmetric matrix (row-major n×n, lower triangle) by the threads of one group,
/// right-looking: per column one pivot, the column scaled and the trailing triangle updated row-parallel. Entries of
/// L that are exactly zero are skipped, so a block-diagonal leading part (BROJA's λ blocks) costs only its blocks
/// and the elimination of the λ blocks before the μ part is the Schur-complement method done implicitly.
/// </summary>
internal static class GroupCholesky
{
    /// <summary>Factorises in place; false (uniformly in the group) when a pivot is not positive.</summary>
    public static bool Factor(ArrayView<double> a, int n)
    {
        int t = Group.IdxX, threads = Group.DimX;
        for (int j = 0; j < n; j++)
        {
            double d = a[(long)j * n + j];
            Group.Barrier();   // everyone has read the pivot before it is overwritten
            if (!(d > 0) || double.IsInfinity(d)) return false;
            double ljj = Math.Sqrt(d);
            if (t == 0) a[(long)j * n + j] = ljj;
            for (int i = j + 1 + t; i < n; i += threads) a[(long)i * n + j] /= ljj;
            Group.Barrier();
            for (int i = j + 1 + t; i < n; i += threads)
            {
                double lij = a[(long)i * n + j];
                if (lij == 0) continue;
                for (int k = j + 1; k <= i; k++)
                {
                    double lkj = a[(long)k * n + j];
                    if (lkj != 0) a[(long)i * n + k] -= lij * lkj;
                }
            }
            Group.Barrier();
        }
        return true;
    }

    /// <summary>Solves L Lᵀ x = b in place with a factor from <see cref="Factor"/>.</summary>
    public static void Solve(ArrayView<double> l, int n, ArrayView<double> x)
    {
        int t = Group.IdxX, threads = Group.DimX;
        for (int j = 0; j < n; j++)
        {
            if (j % threads == t) x[j] /= l[(long)j * n + j];
            Group.Barrier();
            double xj = x[j];
            if (xj != 0)
                for (int i = j + 1 + t; i < n; i += threads) x[i] -= l[(long)i * n + j] * xj;
            Group.Barrier();
        }
        for (int i = n - 1; i >= 0; i--)
        {
            if (i % threads == t) x[i] /= l[(long)i * n + i];
            Group.Barrier();
            double xi = x[i];
            if (xi != 0)
                for (int k = t; k < i; k += threads) x[k] -= l[(long)i * n + k] * xi;
            Group.Barrier();
        }
    }
}

namespace PidGpu.Estimate;

/// <summary>
/// Mutual information of jointly Gaussian variables from their covariance (host, double; the Gaussian forms of the measures
/// run <see cref="HostGaussianPid"/> instead, and this names the singular block in their errors):
/// I(A;B) = ½ log2(det Σ_A det Σ_B / det Σ_AB), each log-determinant from a Cholesky factorisation.
/// </summary>
public static class GaussianInformation
{
    const double Log2E = Kernels.Gaussian.GaussianPidCore.Log2E;

    /// <summary>I(A;B) in bits for the index sets <paramref name="a"/> and <paramref name="b"/> (disjoint) of <paramref name="cov"/>.</summary>
    /// <exception cref="PidInputException">Σ_A, Σ_B or Σ_AB is singular or not positive definite (the message names it).</exception>
    internal static double MutualInformationBits(double[,] cov, IReadOnlyList<int> a, IReadOnlyList<int> b, string nameA = "A", string nameB = "B")
    {
        var ab = a.Concat(b).ToArray();
        double la = LogDet(cov, a, nameA), lb = LogDet(cov, b, nameB), lab = LogDet(cov, ab, $"({nameA},{nameB})");
        return 0.5 * (la + lb - lab) * Log2E;
    }

    /// <summary>Natural log-determinant of the principal submatrix on <paramref name="index"/>.</summary>
    /// <exception cref="PidInputException">The block is not numerically positive definite.</exception>
    internal static double LogDet(double[,] cov, IReadOnlyList<int> index, string name)
    {
        double logDet = TryLogDet(cov, index);
        if (double.IsNaN(logDet)) throw Singular(name, index.Count);
        return logDet;
    }

    /// <summary>Log-determinant, or NaN when a Cholesky pivot is below <see cref="Kernels.Gaussian.GaussianPidCore.SingularTolerance"/> of its diagonal.</summary>
    internal static double TryLogDet(double[,] cov, IReadOnlyList<int> index)
    {
        int n = index.Count;
        var flat = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) flat[i * n + j] = cov[index[i], index[j]];
        return Kernels.Gaussian.SmallDense.Cholesky(new Kernels.Gaussian.ArrayScratch(flat), 0, n, Kernels.Gaussian.GaussianPidCore.SingularTolerance);
    }

    internal static PidInputException Singular(string name, int dims)
    {
        string problem = $"the {name} block of the covariance ({dims}×{dims}) is singular or not positive definite, so its Gaussian " +
            "mutual information is undefined (infinite). Remove redundant dimensions (e.g. fewer PCA components) or add a ridge";
        return new($"{problem}: {RidgeSetting} = {SuggestedRidge} adds {SuggestedRidge} × the mean diagonal of each of the X1, X2, Y blocks.")
        {
            Problem = problem,
            Setting = RidgeSetting,
            SuggestedValue = SuggestedRidge,
        };
    }

    /// <summary>The ridge a singular block's error suggests: far below the sampling error of any covariance of data.</summary>
    const string SuggestedRidge = "1e-6";

    /// <summary>The <see cref="PidInputException.Setting"/> name of <see cref="GaussianOptions.Ridge"/>.</summary>
    public const string RidgeSetting = "GaussianOptions.Ridge";
}

using PidGpu.Reduce;

namespace PidGpu.Tests;

/// <summary>
/// The Chebyshev-filtered subspace iteration (<see cref="SubspaceEigen.Iterate"/> with filterDegree &gt; 1) on matrices
/// of known spectrum Q·diag(λ)·Qᵀ: the same eigenpairs as the exact ones, in fewer products than plain subspace
/// iteration; a rank below the block width (θ_m ≈ 0, no interval to filter on) still converges; and a run cut short
/// by the product limit returns Ritz pairs whose reported residual is their true residual.
/// </summary>
public class ReducePcaChebyshevTests
{
    const int D = 160, K = 6, M = 12;

    static Action<double[], double[]> Multiply(double[] a) => (q, z) =>
    {
        for (int i = 0; i < D; i++)
            for (int j = 0; j < M; j++)
            {
                double sum = 0;
                for (int p = 0; p < D; p++) sum += a[i * D + p] * q[p * M + j];
                z[i * M + j] = sum;
            }
    };

    static double[] Decaying(int rank) => Enumerable.Range(0, D).Select(j => j < rank ? 5 * Math.Pow(0.8, j) : 0).ToArray();

    static double TrueResidual(double[] a, SymmetricEigen e)
    {
        double worst = 0;
        for (int j = 0; j < e.K; j++)
        {
            double sq = 0;
            for (int i = 0; i < D; i++)
            {
                double av = 0;
                for (int p = 0; p < D; p++) av += a[i * D + p] * e.Vectors[p * e.K + j];
                sq += Math.Pow(av - e.Values[j] * e.Vectors[i * e.K + j], 2);
            }
            worst = Math.Max(worst, Math.Sqrt(sq));
        }
        return worst;
    }

    [Theory]
    [InlineData(D, 2)]
    [InlineData(D, 3)]
    [InlineData(D, 5)]
    [InlineData(10, 3)] // rank 10 < m = 12: the smallest Ritz value is ~0, so the filter steps aside
    public void Filtered_FindsTheExactEigenpairs_InFewerProducts(int rank, int degree)
    {
        var spectrum = Decaying(rank);
        var a = ReducePcaEigenTests.WithSpectrum(3, spectrum);
        var plain = SubspaceEigen.Iterate(Multiply(a), D, K, M, 1e-12, 500, seed: 1, "subspace");
        var filtered = SubspaceEigen.Iterate(Multiply(a), D, K, M, 1e-12, 500, seed: 1, "subspace", filterDegree: degree);
        Assert.True(filtered.Converged, $"residual {filtered.Residual:E2} after {filtered.Iterations}");
        if (rank == D) Assert.True(filtered.Iterations < plain.Iterations, $"{filtered.Iterations} products filtered, {plain.Iterations} plain");
        for (int j = 0; j < K; j++)
        {
            Assert.True(Math.Abs(filtered.Values[j] - spectrum[j]) <= 1e-12 * spectrum[0], $"λ{j}: want {spectrum[j]:R} got {filtered.Values[j]:R}");
            double dot = 0;
            for (int i = 0; i < D; i++) dot += filtered.Vectors[i * K + j] * plain.Vectors[i * K + j];
            Assert.True(dot > 1 - 1e-10, $"vector {j}: cos {dot:R} against plain iteration (same sign convention)");
        }
        Assert.Equal(TrueResidual(a, filtered), filtered.Residual, 1e-13);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void CutShortByTheProductLimit_ReportsTheTrueResidual(int limit)
    {
        var a = ReducePcaEigenTests.WithSpectrum(4, Decaying(D));
        var e = SubspaceEigen.Iterate(Multiply(a), D, K, M, 1e-14, limit, seed: 2, "subspace", filterDegree: 3);
        Assert.False(e.Converged);
        Assert.Equal(limit, e.Iterations);
        Assert.Equal(TrueResidual(a, e), e.Residual, 1e-13);
    }
}

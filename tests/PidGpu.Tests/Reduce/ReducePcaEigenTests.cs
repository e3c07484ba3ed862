using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using PidGpu.Reduce;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// Both eigensolvers — host <see cref="JacobiEigen"/> and device <see cref="SubspaceEigen"/> (CPU accelerator) —
/// against MathNet.Numerics' symmetric EVD on random SPD matrices: top-k values to 1e-9 relative, vectors to
/// 1e-8 up to sign, the sign convention, and the reported residual.
/// </summary>
[Collection(EngineDeviceCollection.Name)]
public class ReducePcaEigenTests(EngineDeviceFixture fixture)
{
    static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>Q·diag(spectrum)·Qᵀ with Q a random orthogonal matrix (QR of a Gaussian matrix), row-major.</summary>
    internal static double[] WithSpectrum(int seed, double[] spectrum)
    {
        int d = spectrum.Length;
        var rng = new Random(seed);
        var g = Matrix<double>.Build.Dense(d, d, (_, _) => Gaussian(rng));
        var q = g.QR().Q;
        var a = q * Matrix<double>.Build.DiagonalOfDiagonalArray(spectrum) * q.Transpose();
        return Flatten(a, symmetrise: true);
    }

    /// <summary>A Wishart-type random SPD matrix GᵀG/n + 0.1·I.</summary>
    static double[] RandomSpd(int seed, int d, int n)
    {
        var rng = new Random(seed);
        var g = Matrix<double>.Build.Dense(n, d, (_, _) => Gaussian(rng));
        return Flatten(g.TransposeThisAndMultiply(g) / n + 0.1 * Matrix<double>.Build.DenseIdentity(d), symmetrise: true);
    }

    static double[] Flatten(Matrix<double> a, bool symmetrise)
    {
        int d = a.RowCount;
        var flat = new double[d * d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) flat[i * d + j] = symmetrise ? 0.5 * (a[i, j] + a[j, i]) : a[i, j];
        return flat;
    }

    /// <summary>Checks values, vectors (up to sign), unit norm, sign convention and residual against MathNet's EVD.</summary>
    static void AssertMatchesMathNet(double[] a, int d, SymmetricEigen got)
    {
        int k = got.K;
        Assert.Equal(d, got.Dimension);
        Assert.True(got.Converged, $"{got.Solver} did not converge: residual {got.Residual:E2} after {got.Iterations}");
        var evd = Matrix<double>.Build.Dense(d, d, (i, j) => a[i * d + j]).Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, d).OrderByDescending(i => evd.EigenValues[i].Real).ToArray();
        double top = evd.EigenValues[order[0]].Real;
        for (int j = 0; j < k; j++)
        {
            double want = evd.EigenValues[order[j]].Real;
            Assert.True(Math.Abs(got.Values[j] - want) <= 1e-9 * Math.Abs(want), $"λ{j}: want {want:R} got {got.Values[j]:R}");
            var reference = evd.EigenVectors.Column(order[j]);
            double dot = 0, norm = 0, best = 0;
            for (int i = 0; i < d; i++)
            {
                double v = got.Vectors[i * k + j];
                dot += v * reference[i];
                norm += v * v;
                if (Math.Abs(v) > Math.Abs(best)) best = v;
            }
            Assert.True(Math.Abs(norm - 1) < 1e-12, $"vector {j} has squared norm {norm}");
            Assert.True(Math.Abs(Math.Abs(dot) - 1) < 1e-8, $"vector {j}: |cos| with MathNet's = {Math.Abs(dot):R}");
            Assert.True(best > 0, $"vector {j}: the largest-magnitude entry should be positive");
        }
        Assert.True(got.Residual <= 1e-9 * top, $"residual {got.Residual:E2} vs λ₁ = {top}");
        Assert.True(SymmetricEigenResidual(a, d, got) <= 1e-9 * top, "reported vectors do not satisfy A·v = λ·v");
    }

    /// <summary>Independent recomputation of max ‖A·v − λ·v‖ from the returned pairs.</summary>
    static double SymmetricEigenResidual(double[] a, int d, SymmetricEigen e)
    {
        var m = Matrix<double>.Build.Dense(d, d, (i, j) => a[i * d + j]);
        double worst = 0;
        for (int j = 0; j < e.K; j++)
        {
            var v = Vector<double>.Build.Dense(d, i => e.Vectors[i * e.K + j]);
            worst = Math.Max(worst, (m * v - e.Values[j] * v).L2Norm());
        }
        return worst;
    }

    [Theory]
    [InlineData(20, 8, 1)]
    [InlineData(37, 5, 2)]
    [InlineData(6, 6, 3)]
    public void Jacobi_RandomSpd_MatchesMathNet(int d, int k, int seed)
    {
        var a = RandomSpd(seed, d, 2 * d);
        var e = JacobiEigen.Top(a, d, k);
        Assert.Equal("jacobi", e.Solver);
        AssertMatchesMathNet(a, d, e);
    }

    [Fact]
    public void Jacobi_KnownSpectrum_ReturnsItExactly()
    {
        double[] spectrum = [3, 1e-6, 7, 2, 5, 0.5, 11, 4];
        var e = JacobiEigen.Top(WithSpectrum(4, spectrum), spectrum.Length, 8);
        var want = spectrum.OrderDescending().ToArray();
        for (int j = 0; j < 8; j++) Assert.True(Math.Abs(e.Values[j] - want[j]) <= 1e-13 * 11, $"λ{j} = {e.Values[j]:R}, want {want[j]}");
    }

    [Theory]
    [InlineData(600, 8, "geometric", 5)]
    [InlineData(600, 8, "power", 6)]
    [InlineData(120, 3, "wishart", 7)]
    public void Subspace_RandomSpd_MatchesMathNet(int d, int k, string kind, int seed)
    {
        var rng = new Random(seed);
        var a = kind switch
        {
            // A clear top block then bulk noise, and a slow power-law decay like real activations.
            "geometric" => WithSpectrum(seed, Enumerable.Range(0, d).Select(j => j < k ? 20 * Math.Pow(0.85, j) : 3 * rng.NextDouble()).ToArray()),
            "power" => WithSpectrum(seed, Enumerable.Range(0, d).Select(j => 1.0 / (j + 1)).ToArray()),
            _ => RandomSpd(seed, d, 4 * d),
        };
        var e = SubspaceEigen.Top(fixture.Device, a, d, k, oversampling: 16);
        Assert.Equal("subspace", e.Solver);
        AssertMatchesMathNet(a, d, e);
    }

    [Fact]
    public void Subspace_RankDeficient_StillOrthonormal()
    {
        // Rank 3 < block size 11: the block must be refilled with independent directions, not NaN.
        double[] spectrum = [5, 3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        var a = WithSpectrum(8, spectrum);
        var e = SubspaceEigen.Top(fixture.Device, a, spectrum.Length, 3);
        Assert.True(e.Converged);
        for (int j = 0; j < 3; j++) Assert.True(Math.Abs(e.Values[j] - spectrum[j]) < 1e-12, $"λ{j} = {e.Values[j]:R}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void BadK_IsInputError(int k)
    {
        var a = RandomSpd(1, 5, 10);
        Assert.Contains("eigenpairs", Assert.Throws<PidInputException>(() => JacobiEigen.Top(a, 5, k)).Message);
        Assert.Contains("eigenpairs", Assert.Throws<PidInputException>(() => SubspaceEigen.Top(fixture.Device, a, 5, k)).Message);
    }

    [Fact]
    public void NonSquareOrNonFinite_IsInputError()
    {
        Assert.Throws<PidInputException>(() => JacobiEigen.Top(new double[10], 3, 1));
        var a = RandomSpd(1, 3, 6);
        a[4] = double.NaN;
        Assert.Throws<PidInputException>(() => JacobiEigen.Top(a, 3, 1));
    }
}

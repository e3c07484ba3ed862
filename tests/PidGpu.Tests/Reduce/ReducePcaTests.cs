using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using PidGpu.Reduce;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// <see cref="PcaFit"/> and <see cref="PcaProjection"/> on the CPU accelerator: eigenvalues against MathNet's EVD of
/// a host-computed correlation matrix, explained variance of data with known structure, projections against a host
/// product (and the scores' variances against the eigenvalues), and every bad input.
/// </summary>
[Collection(EngineDeviceCollection.Name)]
public class ReducePcaTests(EngineDeviceFixture fixture)
{
    static double Gaussian(Random rng) => FactorData.Gaussian(rng);

    static float[] Factors(int seed, int rows, int d, int rank, double noise) => FactorData.Generate(seed, rows, d, rank, noise);

    /// <summary>Correlation matrix (ML) computed on the host in double, two-pass.</summary>
    static Matrix<double> HostCorrelation(float[] data, int d)
    {
        int n = data.Length / d;
        var mean = new double[d];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < d; c++) mean[c] += data[i * d + c];
        for (int c = 0; c < d; c++) mean[c] /= n;
        var x = Matrix<double>.Build.Dense(n, d, (i, c) => data[i * d + c] - mean[c]);
        var cov = x.TransposeThisAndMultiply(x) / n;
        return Matrix<double>.Build.Dense(d, d, (i, j) => cov[i, j] / Math.Sqrt(cov[i, i] * cov[j, j]));
    }

    [Theory]
    [InlineData(30, 4, 512, 1)]   // host Jacobi
    [InlineData(30, 4, 16, 2)]    // device subspace iteration
    public void Eigenvalues_MatchMathNetOnHostCorrelation(int d, int k, int jacobiMax, int seed)
    {
        var data = Factors(seed, 3001, d, 6, 0.7);
        var source = new ArrayMatrixSource(data, d);
        var model = PcaFit.Fit(fixture.Device, source, new PcaOptions { Components = k, JacobiMaxColumns = jacobiMax, ChunkValues = 700 * d });
        Assert.Equal(5, source.Reads); // chunks of 700 rows
        Assert.Equal(jacobiMax >= d ? "jacobi" : "subspace", model.Eigensolver.Solver);
        Assert.True(model.Eigensolver.Converged);

        var evd = HostCorrelation(data, d).Evd(Symmetricity.Symmetric);
        var want = evd.EigenValues.Select(v => v.Real).OrderDescending().ToArray();
        for (int j = 0; j < k; j++)
            Assert.True(Math.Abs(model.Eigenvalues[j] - want[j]) <= 1e-8 * want[j], $"λ{j}: want {want[j]:R} got {model.Eigenvalues[j]:R}");
        Assert.Equal(d, model.Trace, 1e-9);
        Assert.Equal(want.Take(k).Sum() / want.Sum(), model.ExplainedVarianceRatio, 1e-8);
    }

    [Fact]
    public void ExactLowRank_ExplainsAllVariance()
    {
        // Rank 3 without noise: three components carry the whole (standardised) variance, the rest is float rounding.
        var model = PcaFit.Fit(fixture.Device, new ArrayMatrixSource(Factors(3, 2000, 40, 3, 0), 40), new PcaOptions { Components = 3 });
        Assert.True(model.ExplainedVarianceRatio > 1 - 1e-5, $"ratio {model.ExplainedVarianceRatio:R}");
        var two = PcaFit.Fit(fixture.Device, new ArrayMatrixSource(Factors(3, 2000, 40, 3, 0), 40), new PcaOptions { Components = 2 });
        Assert.True(two.ExplainedVarianceRatio < 0.99, $"two of three factors explain {two.ExplainedVarianceRatio:R}");
    }

    [Fact]
    public void Equicorrelated_MatchesAnalyticSpectrum()
    {
        // x_c = z + e_c (unit variances): correlation ρ = 1/2 everywhere, so λ₁ = 1 + (d−1)ρ, the other d−1 equal 1 − ρ
        // and top-2 explained variance = (1 + (d−1)ρ + 1 − ρ)/d. Sampling error at N = 20000 is about 1%.
        const int d = 10, rows = 20000;
        var rng = new Random(9);
        var data = new float[rows * d];
        for (int i = 0; i < rows; i++)
        {
            double z = Gaussian(rng);
            for (int c = 0; c < d; c++) data[i * d + c] = (float)(50 * c + (c + 1) * (z + Gaussian(rng)));
        }
        var model = PcaFit.Fit(fixture.Device, new ArrayMatrixSource(data, d), new PcaOptions { Components = 2 });
        const double rho = 0.5;
        Assert.Equal(1 + (d - 1) * rho, model.Eigenvalues[0], 0.1);
        Assert.Equal((1 + (d - 1) * rho + 1 - rho) / d, model.ExplainedVarianceRatio, 0.01);
        for (int c = 0; c < d; c++)
        {
            Assert.Equal(1 / Math.Sqrt(d), model.Loading(c, 0), 0.02); // sign convention: all positive
            Assert.Equal(c + 1, model.Scale[c] / Math.Sqrt(2), 0.05 * (c + 1));
            Assert.Equal(50 * c, model.Mean[c], 0.05 * (c + 1));
        }
    }

    [Fact]
    public void Transform_MatchesHostProduct_AndScoresHaveEigenvalueVariance()
    {
        const int d = 12, k = 5, rows = 1537;
        var data = Factors(4, rows, d, 4, 0.5);
        var model = PcaFit.Fit(fixture.Device, new ArrayMatrixSource(data, d), new PcaOptions { Components = k });
        var source = new ArrayMatrixSource(data, d);
        var scores = PcaProjection.Transform(fixture.Device, model, source, chunkValues: 100 * d);
        Assert.Equal(16, source.Reads);
        Assert.Equal(rows * k, scores.Length);

        var mean = new double[k];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < k; j++)
            {
                double want = 0;
                for (int c = 0; c < d; c++) want += (data[i * d + c] - model.Mean[c]) / model.Scale[c] * model.Components[c * k + j];
                Assert.True(Math.Abs(scores[i * k + j] - want) <= 1e-12 * (1 + Math.Abs(want)), $"row {i} score {j}: want {want:R} got {scores[i * k + j]:R}");
                mean[j] += scores[i * k + j] / rows;
            }
        // Scores of the fitting data are centred, uncorrelated, and their variances are the eigenvalues.
        for (int a = 0; a < k; a++)
        {
            Assert.True(Math.Abs(mean[a]) < 1e-9, $"score {a} mean {mean[a]}");
            for (int b = 0; b < k; b++)
            {
                double cov = 0;
                for (int i = 0; i < rows; i++) cov += scores[i * k + a] * scores[i * k + b];
                cov /= rows;
                double want = a == b ? model.Eigenvalues[a] : 0;
                Assert.True(Math.Abs(cov - want) < 1e-8 * model.Eigenvalues[0], $"cov[{a},{b}] = {cov:R}, want {want}");
            }
        }
        Assert.Equal(scores, model.Transform(fixture.Device, new ArrayMatrixSource(data, d)));
    }

    [Fact]
    public void ConstantColumn_IsNamed()
    {
        var data = Factors(5, 200, 6, 2, 0.5);
        for (int i = 0; i < 200; i++) data[i * 6 + 3] = 123.25f;
        var ex = Assert.Throws<PidInputException>(() => PcaFit.Fit(fixture.Device, new ArrayMatrixSource(data, 6, "acts.npy"), new PcaOptions { Components = 2 }));
        Assert.Contains("acts.npy: column 3", ex.Message);
        Assert.Contains("constant", ex.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(7)]
    public void ComponentsOutOfRange_IsInputError(int k)
    {
        var source = new ArrayMatrixSource(Factors(6, 100, 6, 2, 0.5), 6);
        var ex = Assert.Throws<PidInputException>(() => PcaFit.Fit(fixture.Device, source, new PcaOptions { Components = k }));
        Assert.Contains($"k = {k}", ex.Message);
        Assert.Equal(0, source.Reads);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void TooFewRows_IsInputError(int rows)
    {
        var ex = Assert.Throws<PidInputException>(() =>
            PcaFit.Fit(fixture.Device, new ArrayMatrixSource(Factors(7, rows, 8, 2, 0.5), 8), new PcaOptions { Components = 5 }));
        Assert.Contains("need N > k", ex.Message);
    }

    [Fact]
    public void NonFiniteValue_NamesRowAndColumn()
    {
        var data = Factors(8, 300, 5, 2, 0.5);
        data[207 * 5 + 2] = float.NaN;
        var ex = Assert.Throws<PidInputException>(() =>
            PcaFit.Fit(fixture.Device, new ArrayMatrixSource(data, 5), new PcaOptions { Components = 2, ChunkValues = 50 * 5 }));
        Assert.Contains("row 207, column 2", ex.Message);
        Assert.Equal((207L, 2), (ex.Row!.Value, ex.Column!.Value));
        Assert.True(double.IsNaN(ex.Value!.Value));
    }

    [Fact]
    public void Transform_WrongColumnCount_IsInputError()
    {
        var model = PcaFit.Fit(fixture.Device, new ArrayMatrixSource(Factors(9, 100, 6, 2, 0.5), 6), new PcaOptions { Components = 2 });
        var ex = Assert.Throws<PidInputException>(() => PcaProjection.Transform(fixture.Device, model, new ArrayMatrixSource(Factors(9, 100, 7, 2, 0.5), 7)));
        Assert.Contains("7 columns", ex.Message);
    }
}

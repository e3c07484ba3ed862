using PidGpu.Models;
using PidGpu.Models.Flow;

namespace PidGpu.Tests;

/// <summary>
/// RealNVP Gaussianizer: exact bijection and log-det (against inverse and finite-difference Jacobians),
/// Gaussianization of skewed data (against a plain Gaussian fit), the NLL of Gaussian data (against the analytic
/// entropy ½ log det(2πeΣ)), determinism and named input errors.
/// </summary>
public class FlowGaussianizerTests
{
    // Small, fast settings; the learning rate is raised from the paper's 1e-4 so a few hundred steps suffice.
    private static readonly FlowOptions Small = new()
    {
        Blocks = 4, Hidden = 32, Steps = 400, BatchSize = 128, LearningRate = 1e-2, WeightDecay = 1e-5, GradClip = 1.0,
    };

    public FlowGaussianizerTests() => TorchRuntime.EnsureLoaded();

    [Theory]
    [InlineData(3)]
    [InlineData(1)]
    public void InverseUndoesTransform_AndLogDetMatchesFiniteDifferenceJacobian(int dims)
    {
        var data = Skewed(600, dims, seed: 5);
        using var flow = FlowGaussianizer.Fit(data, 600, dims, Small with { Steps = 150, BatchSize = 64 });

        double[] x = data[..(10 * dims)];
        double[] z = flow.Transform(x, 10);
        double[] back = flow.Inverse(z, 10);
        for (int i = 0; i < x.Length; i++) Assert.True(Math.Abs(back[i] - x[i]) < 1e-5 * (1 + Math.Abs(x[i])), $"entry {i}: {back[i]} vs {x[i]}");
        Assert.True(MaxAbsDiff(z, x) > 1e-2, "the trained flow must not be the identity");

        double[] logDet = flow.LogAbsDetJacobian(x, 10);
        for (int r = 0; r < 10; r++)
        {
            var jac = new double[dims, dims];
            for (int c = 0; c < dims; c++)
            {
                double h = 1e-5 * Math.Max(1, Math.Abs(x[r * dims + c]));
                double[] plus = x[(r * dims)..((r + 1) * dims)], minus = (double[])plus.Clone();
                plus[c] += h;
                minus[c] -= h;
                double[] zp = flow.Transform(plus, 1), zm = flow.Transform(minus, 1);
                for (int k = 0; k < dims; k++) jac[k, c] = (zp[k] - zm[k]) / (2 * h);
            }
            double numeric = Math.Log(Math.Abs(Det(jac)));
            Assert.True(Math.Abs(numeric - logDet[r]) < 1e-5 * (1 + Math.Abs(numeric)), $"row {r}: log-det {logDet[r]} vs numerical {numeric}");
        }
    }

    [Fact]
    public void SkewedTwoDimensionalData_BecomesNearlyGaussian_AndBeatsAGaussianFit()
    {
        const int n = 4000;
        var data = Skewed(n, 2, seed: 11);
        using var flow = FlowGaussianizer.Fit(data, n, 2, Small);

        // Baseline: the standardised held-out input is far from Gaussian (lognormal skew ≈ 6, excess kurtosis ≈ 110).
        Assert.True(flow.InputGaussianity.MaxAbsSkewness > 2, $"input skew {flow.InputGaussianity.MaxAbsSkewness}");
        Assert.True(flow.InputGaussianity.MaxAbsExcessKurtosis > 10, $"input kurtosis {flow.InputGaussianity.MaxAbsExcessKurtosis}");
        var g = flow.HeldOutGaussianity;
        Assert.True(g.MaxAbsSkewness < 0.3, $"skewness {g.MaxAbsSkewness}");
        Assert.True(g.MaxAbsExcessKurtosis < 1.2, $"excess kurtosis {g.MaxAbsExcessKurtosis}");
        Assert.True(g.MaxAbsOffDiagonalCorrelation < 0.3, $"correlation {g.MaxAbsOffDiagonalCorrelation}");
        Assert.True(g.MaxAbsMean < 0.15 && g.MaxAbsStdMinusOne < 0.15, $"mean {g.MaxAbsMean}, std {g.MaxAbsStdMinusOne}");

        // A Gaussian fitted to the raw training rows, scored on the same held-out rows.
        double gaussNll = GaussianFitNll(data, 2, flow.TrainIndices, flow.HeldOutIndices);
        Assert.True(flow.FinalNllNats < gaussNll - 1.0, $"flow NLL {flow.FinalNllNats} vs Gaussian fit {gaussNll}");
        Assert.True(flow.Training.FinalLoss < flow.Training.InitialLoss);
        Assert.Equal(400, flow.Training.Steps);
    }

    [Fact]
    public void ScalarSkewedData_IsGaussianizedByTheElementwiseFallback()
    {
        const int n = 3000;
        var data = Skewed(n, 1, seed: 3);
        using var flow = FlowGaussianizer.Fit(data, n, 1, Small with { Blocks = 6 });
        Assert.True(flow.InputGaussianity.MaxAbsSkewness > 2);
        Assert.True(flow.HeldOutGaussianity.MaxAbsSkewness < 0.3, $"skewness {flow.HeldOutGaussianity.MaxAbsSkewness}");
        Assert.True(flow.HeldOutGaussianity.MaxAbsExcessKurtosis < 1.0, $"kurtosis {flow.HeldOutGaussianity.MaxAbsExcessKurtosis}");
        Assert.True(flow.FinalNllNats < GaussianFitNll(data, 1, flow.TrainIndices, flow.HeldOutIndices) - 0.5);
    }

    [Fact]
    public void GaussianData_HeldOutNllMatchesAnalyticEntropy()
    {
        // Σ = [[4, 1.2, 0], [1.2, 1, -0.3], [0, -0.3, 0.25]], mean (3, -1, 10); h = ½ log det(2πeΣ).
        double[,] sigma = { { 4, 1.2, 0 }, { 1.2, 1, -0.3 }, { 0, -0.3, 0.25 } };
        double[] mu = { 3, -1, 10 };
        const int n = 8000, d = 3;
        var l = Cholesky(sigma);
        var rng = new Random(21);
        var data = new double[n * d];
        for (int r = 0; r < n; r++)
        {
            double[] e = { Normal(rng), Normal(rng), Normal(rng) };
            for (int i = 0; i < d; i++)
            {
                double v = mu[i];
                for (int k = 0; k <= i; k++) v += l[i, k] * e[k];
                data[r * d + i] = v;
            }
        }
        double entropy = 0.5 * Math.Log(Math.Pow(2 * Math.PI * Math.E, d) * Det(sigma));
        using var flow = FlowGaussianizer.Fit(data, n, d, Small with { Steps = 300 });
        Assert.True(Math.Abs(flow.FinalNllNats - entropy) < 0.06, $"NLL {flow.FinalNllNats} vs entropy {entropy}");
        Assert.Equal(flow.FinalNllNats / (d * Math.Log(2)), flow.FinalNllBitsPerDim, 12);
    }

    [Fact]
    public void SameSeed_GivesIdenticalFlows_OtherSeedDoesNot()
    {
        const int n = 600;
        var data = Skewed(n, 2, seed: 8);
        var o = Small with { Steps = 100, BatchSize = 64 };
        using var a = FlowGaussianizer.Fit(data, n, 2, o);
        using var b = FlowGaussianizer.Fit(data, n, 2, o);
        using var c = FlowGaussianizer.Fit(data, n, 2, o with { Seed = 43 });
        Assert.Equal(a.Transform(data, n), b.Transform(data, n));
        Assert.Equal(a.FinalNllNats, b.FinalNllNats);
        Assert.Equal(a.HeldOutIndices, b.HeldOutIndices);
        Assert.NotEqual(a.HeldOutIndices, c.HeldOutIndices);
        Assert.True(MaxAbsDiff(a.Transform(data, n), c.Transform(data, n)) > 1e-6);
    }

    [Fact]
    public void BadInput_ThrowsNamedPidInputException()
    {
        var data = Skewed(300, 2, seed: 1);
        var o = Small with { Steps = 1 };
        var nan = (double[])data.Clone();
        nan[2 * 7 + 1] = double.NaN;
        Assert.Contains("row 7, column 1", Assert.Throws<PidInputException>(() => FlowGaussianizer.Fit(nan, 300, 2, o)).Message);
        Assert.Contains("2 × batch size", Assert.Throws<PidInputException>(() => FlowGaussianizer.Fit(data, 300, 2, o with { BatchSize = 151 })).Message);
        Assert.Contains("train fraction", Assert.Throws<PidInputException>(() => FlowGaussianizer.Fit(data, 300, 2, o with { TrainFraction = 0.3 })).Message);
        Assert.Contains("column", Assert.Throws<PidInputException>(() => FlowGaussianizer.Fit(Array.Empty<double>(), 300, 0, o)).Message);
        Assert.Contains("values", Assert.Throws<PidInputException>(() => FlowGaussianizer.Fit(data, 299, 2, o)).Message);
        var constant = (double[])data.Clone();
        for (int r = 0; r < 300; r++) constant[2 * r] = 5;
        Assert.Contains("column 0 is constant", Assert.Throws<PidInputException>(() => FlowGaussianizer.Fit(constant, 300, 2, o)).Message);
        using var flow = FlowGaussianizer.Fit(data, 300, 2, o);
        Assert.Contains("row 0, column 0", Assert.Throws<PidInputException>(() => flow.Transform(new[] { double.PositiveInfinity, 0 }, 1)).Message);
        Assert.Throws<PidInputException>(() => flow.Transform(new double[3], 1));
    }

    /// <summary>Correlated Gaussian (ρ = 0.6 between neighbours) pushed through exp, g + g³, exp, … per column.</summary>
    private static double[] Skewed(int n, int dims, int seed)
    {
        var rng = new Random(seed);
        var data = new double[n * dims];
        for (int r = 0; r < n; r++)
        {
            double prev = Normal(rng);
            for (int c = 0; c < dims; c++)
            {
                double g = c == 0 ? prev : 0.6 * prev + 0.8 * Normal(rng);
                prev = g;
                data[r * dims + c] = c % 2 == 0 ? Math.Exp(g) : g + g * g * g;
            }
        }
        return data;
    }

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>Mean held-out NLL (nats) of a maximum-likelihood Gaussian fitted to the training rows.</summary>
    private static double GaussianFitNll(double[] data, int d, IReadOnlyList<int> train, IReadOnlyList<int> held)
    {
        var mean = new double[d];
        foreach (int r in train) for (int i = 0; i < d; i++) mean[i] += data[r * d + i] / train.Count;
        var cov = new double[d, d];
        foreach (int r in train)
            for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
                cov[i, j] += (data[r * d + i] - mean[i]) * (data[r * d + j] - mean[j]) / train.Count;
        var l = Cholesky(cov);
        double logDet = 0;
        for (int i = 0; i < d; i++) logDet += 2 * Math.Log(l[i, i]);
        double total = 0;
        foreach (int r in held)
        {
            // Mahalanobis distance by forward substitution L y = x − μ.
            var y = new double[d];
            double q = 0;
            for (int i = 0; i < d; i++)
            {
                double v = data[r * d + i] - mean[i];
                for (int k = 0; k < i; k++) v -= l[i, k] * y[k];
                y[i] = v / l[i, i];
                q += y[i] * y[i];
            }
            total += 0.5 * (q + logDet + d * Math.Log(2 * Math.PI));
        }
        return total / held.Count;
    }

    private static double[,] Cholesky(double[,] a)
    {
        int d = a.GetLength(0);
        var l = new double[d, d];
        for (int i = 0; i < d; i++)
        for (int j = 0; j <= i; j++)
        {
            double s = a[i, j];
            for (int k = 0; k < j; k++) s -= l[i, k] * l[j, k];
            l[i, j] = i == j ? Math.Sqrt(s) : s / l[j, j];
        }
        return l;
    }

    /// <summary>Determinant by Gaussian elimination with partial pivoting.</summary>
    private static double Det(double[,] m)
    {
        int d = m.GetLength(0);
        var a = (double[,])m.Clone();
        double det = 1;
        for (int c = 0; c < d; c++)
        {
            int p = c;
            for (int r = c + 1; r < d; r++) if (Math.Abs(a[r, c]) > Math.Abs(a[p, c])) p = r;
            if (p != c) { for (int k = 0; k < d; k++) (a[c, k], a[p, k]) = (a[p, k], a[c, k]); det = -det; }
            det *= a[c, c];
            for (int r = c + 1; r < d; r++)
            {
                double f = a[r, c] / a[c, c];
                for (int k = c; k < d; k++) a[r, k] -= f * a[c, k];
            }
        }
        return det;
    }

    private static double MaxAbsDiff(double[] a, double[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
}

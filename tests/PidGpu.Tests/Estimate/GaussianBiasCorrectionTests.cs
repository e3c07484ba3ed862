using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;
using PidGpu.Estimate;
using PidGpu.Estimate.Measures;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// <see cref="Digamma"/> against MathNet.Numerics, and Monte Carlo checks (seeded) that
/// <see cref="LogDetBiasCorrection"/> makes small-sample Gaussian log-determinants and MIs unbiased.
/// </summary>
[Collection(EngineDeviceCollection.Name)]
public class GaussianBiasCorrectionTests(EngineDeviceFixture fixture)
{
    [Fact]
    public void Digamma_MatchesMathNet()
    {
        foreach (double x in new[] { 1e-3, 0.1, 0.5, 1, 1.5, 2.25, 3.7, 5.999, 6, 6.5, 10, 47.5, 1e3, 1e6 })
        {
            double want = SpecialFunctions.DiGamma(x), got = Digamma.Of(x);
            Assert.True(Math.Abs(got - want) <= 1e-13 * Math.Max(1, Math.Abs(want)), $"ψ({x}): MathNet {want}, ours {got}");
        }
        Assert.Equal(-0.57721566490153286, Digamma.Of(1), 14); // −γ (Euler–Mascheroni)
        Assert.Throws<PidInputException>(() => Digamma.Of(0));
        Assert.Throws<PidInputException>(() => Digamma.Of(double.NaN));
    }

    static readonly double[,] Sigma4 =
    {
        { 2.0, 0.6, 0.3, -0.2 },
        { 0.6, 1.5, 0.4, 0.1 },
        { 0.3, 0.4, 1.0, 0.5 },
        { -0.2, 0.1, 0.5, 0.8 },
    };

    /// <summary>n samples of N(0, Σ), rows × p (Box–Muller from a seeded System.Random, coloured by MathNet's Cholesky).</summary>
    internal static double[,] Sample(double[,] sigma, int n, Random rng)
    {
        int p = sigma.GetLength(0);
        var l = Matrix<double>.Build.DenseOfArray(sigma).Cholesky().Factor;
        var x = new double[n, p];
        var g = new double[p];
        for (int r = 0; r < n; r++)
        {
            for (int c = 0; c < p; c++)
                g[c] = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            for (int i = 0; i < p; i++)
            {
                double s = 0;
                for (int k = 0; k <= i; k++) s += l[i, k] * g[k];
                x[r, i] = s;
            }
        }
        return x;
    }

    /// <summary>Sample covariance about the sample mean (two-pass), divided by <paramref name="divisor"/>.</summary>
    internal static double[,] Covariance(double[,] x, double divisor)
    {
        int n = x.GetLength(0), p = x.GetLength(1);
        var mean = new double[p];
        for (int r = 0; r < n; r++) for (int c = 0; c < p; c++) mean[c] += x[r, c] / n;
        var cov = new double[p, p];
        for (int r = 0; r < n; r++)
            for (int i = 0; i < p; i++)
                for (int j = 0; j < p; j++) cov[i, j] += (x[r, i] - mean[i]) * (x[r, j] - mean[j]) / divisor;
        return cov;
    }

    static double LogDet(double[,] m) => Matrix<double>.Build.DenseOfArray(m).Cholesky().DeterminantLn;

    [Theory]
    [InlineData(false)]  // divisor N (ChunkedCovariance, the resampling kernels)
    [InlineData(true)]   // divisor N − 1
    public void CorrectedLogDet_IsUnbiased_PlugInIsNot(bool unbiasedDivisor)
    {
        const int n = 10, p = 4, replicates = 4000;
        var rng = new Random(20150601);
        var correction = new LogDetBiasCorrection(n, UnbiasedDivisor: unbiasedDivisor);
        double truth = LogDet(Sigma4);
        var plugIn = new double[replicates];
        for (int m = 0; m < replicates; m++)
            plugIn[m] = LogDet(Covariance(Sample(Sigma4, n, rng), unbiasedDivisor ? n - 1 : n));
        var corrected = plugIn.Select(v => correction.CorrectLogDet(v, p)).ToArray();
        double se = Std(plugIn) / Math.Sqrt(replicates);
        double biasCorrected = corrected.Average() - truth, biasPlugIn = plugIn.Average() - truth;
        Assert.True(Math.Abs(biasCorrected) < 4 * se, $"corrected mean − truth = {biasCorrected} (SE {se})");
        Assert.True(Math.Abs(biasPlugIn) > 10 * se, $"plug-in mean − truth = {biasPlugIn} (SE {se}) should be visibly biased");
    }

    [Fact]
    public void KnownMean_UsesNDegreesOfFreedom()
    {
        // With the mean known, Σ̂ = Σ xxᵀ/n: n·Σ̂ ~ Wishart(n), the paper's formula Σ_k ψ((n−k+1)/2) − ln(n/2).
        const int n = 8, p = 3;
        var c = new LogDetBiasCorrection(n, MeanEstimated: false);
        double want = Enumerable.Range(1, p).Sum(k => SpecialFunctions.DiGamma((n - k + 1) / 2.0) - Math.Log(n / 2.0));
        Assert.Equal(want, c.LogDetBias(p), 12);
        // Mean estimated, divisor N: ψ((N−k)/2) − ln(N/2).
        double wantEstimated = Enumerable.Range(1, p).Sum(k => SpecialFunctions.DiGamma((n - k) / 2.0) - Math.Log(n / 2.0));
        Assert.Equal(wantEstimated, new LogDetBiasCorrection(n).LogDetBias(p), 12);
        Assert.Throws<PidInputException>(() => new LogDetBiasCorrection(3).LogDetBias(3));
    }

    // X1, X2, Y scalar with I(Y; X1, X2) ≈ 0.4 bits.
    static readonly double[,] Sigma3 = { { 1.0, 0.3, 0.5 }, { 0.3, 1.0, 0.4 }, { 0.5, 0.4, 1.0 } };

    [Fact]
    public void CorrectedMmi_IsUnbiasedForTheMutualInformations()
    {
        const int n = 12, replicates = 3000;
        var rng = new Random(7);
        var truth = PidMeasures.Mmi.Gaussian(Sigma3, 1, 1, 1);
        var options = new GaussianOptions(BiasCorrection: new LogDetBiasCorrection(n));
        var plug = new List<PidAtoms>();
        var corr = new List<PidAtoms>();
        for (int m = 0; m < replicates; m++)
        {
            var cov = Covariance(Sample(Sigma3, n, rng), n);
            plug.Add(PidMeasures.Mmi.Gaussian(cov, 1, 1, 1));
            corr.Add(PidMeasures.Mmi.Gaussian(cov, 1, 1, 1, options));
        }
        foreach (var (name, f) in new (string, Func<PidAtoms, double>)[] { ("I", a => a.I), ("I(X1;Y)", a => a.R + a.U1), ("I(X2;Y)", a => a.R + a.U2) })
        {
            double se = Std(plug.Select(f).ToArray()) / Math.Sqrt(replicates);
            double c = corr.Average(f) - f(truth), p = plug.Average(f) - f(truth);
            Assert.True(Math.Abs(c) < 4 * se, $"{name}: corrected mean − truth = {c} bits (SE {se})");
            Assert.True(p > 8 * se, $"{name}: plug-in mean − truth = {p} bits (SE {se}) should be biased upward");
        }
    }

    [Fact]
    public void Broja_Correction_KeepsSynergyAndConsistency_HostEqualsDevice()
    {
        var sigma = Covariance(Sample(Sigma3, 40, new Random(3)), 40);
        var correction = new LogDetBiasCorrection(40);
        var plain = BrojaMeasure.Gpid(sigma, 1, 1, 1);
        var host = BrojaMeasure.Gpid(sigma, 1, 1, 1, new GaussianOptions(BiasCorrection: correction));
        var device = new GaussianPidEngine(fixture.Device).Decompose([sigma], 1, 1, 1, PidMeasures.Broja, new GaussianOptions(BiasCorrection: correction))[0];
        double l2 = 1 / Math.Log(2);
        Assert.Equal(plain.S, host.S, 12);
        Assert.Equal(plain.I + correction.MutualInformationShift(2, 1) * l2, host.I, 12);
        Assert.Equal(plain.R + plain.U1 + correction.MutualInformationShift(1, 1) * l2, host.R + host.U1, 12);
        Assert.Equal(plain.R + plain.U2 + correction.MutualInformationShift(1, 1) * l2, host.R + host.U2, 12);
        Assert.Equal(host.I, host.R + host.U1 + host.U2 + host.S, 12);
        foreach (var (a, b) in new[] { (host.R, device.R), (host.U1, device.U1), (host.U2, device.U2), (host.S, device.S), (host.I, device.I) })
            Assert.Equal(a, b, 9);
    }

    static double Std(double[] v)
    {
        double m = v.Average();
        return Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Length - 1));
    }
}

using ILGPU.Runtime;
using PidGpu.Estimate;
using PidGpu.Tests.Support;
using PidGpu.Uncertainty;

namespace PidGpu.Tests;

/// <summary>
/// <see cref="GaussianResampler"/> on the CPU accelerator: replicate covariances against an independent two-pass host
/// covariance of the same resampled rows, determinism, bootstrap coverage and 1/√N shrinkage on a known Gaussian
/// system, and the shuffled-Y null for independent and dependent targets.
/// </summary>
[Collection(EngineDeviceCollection.Name)]
public class UncertaintyGaussianTests(EngineDeviceFixture fixture)
{
    GaussianResampler Resampler => new(fixture.Device);

    // [X1, X2, Y] scalar; true MMI atoms from the closed form.
    static readonly double[,] Sigma = { { 1.0, 0.3, 0.5 }, { 0.3, 1.0, 0.4 }, { 0.5, 0.4, 1.0 } };

    static double[] Flat(double[,] x)
    {
        int n = x.GetLength(0), p = x.GetLength(1);
        var z = new double[n * p];
        for (int r = 0; r < n; r++) for (int c = 0; c < p; c++) z[r * p + c] = x[r, c];
        return z;
    }

    static double[] Data(double[,] sigma, int n, int seed) => Flat(GaussianBiasCorrectionTests.Sample(sigma, n, new Random(seed)));

    static void AssertCovariance(double[,] want, double[] flat, int offset, string what)
    {
        int p = want.GetLength(0);
        for (int i = 0; i < p; i++)
            for (int j = 0; j < p; j++)
                Assert.True(Math.Abs(want[i, j] - flat[offset + i * p + j]) <= 1e-12 * (1 + Math.Abs(want[i, j])),
                    $"{what} [{i},{j}]: host {want[i, j]}, device {flat[offset + i * p + j]}");
    }

    [Fact]
    public void BootstrapReplicate_EqualsHostCovarianceOfTheDrawnRows()
    {
        const int n = 200, p = 5, first = 3, count = 4;
        var sigma = new double[p, p];
        for (int i = 0; i < p; i++) for (int j = 0; j < p; j++) sigma[i, j] = i == j ? 1 + i : 0.2;
        var z = Data(sigma, n, 11);
        for (int k = 0; k < z.Length; k++) z[k] += 100; // an offset the shifted algorithm must handle
        var device = Resampler.Covariances(z, n, p, -1, 42, first, count);
        for (int b = 0; b < count; b++)
        {
            var rows = GaussianResampler.BootstrapRows(42, first + b, n);
            Assert.All(rows, r => Assert.InRange(r, 0, n - 1));
            var picked = new double[n, p];
            for (int k = 0; k < n; k++) for (int c = 0; c < p; c++) picked[k, c] = z[rows[k] * p + c];
            AssertCovariance(GaussianBiasCorrectionTests.Covariance(picked, n), device, b * p * p, $"replicate {first + b}");
        }
        // Replicates differ (the draws are not reused).
        Assert.NotEqual(device[0], device[p * p]);
    }

    [Fact]
    public void PermutationReplicate_EqualsHostCovarianceOfShuffledY()
    {
        const int n = 150, d1 = 2, d2 = 1, dy = 2, p = d1 + d2 + dy;
        var sigma = new double[p, p];
        for (int i = 0; i < p; i++) for (int j = 0; j < p; j++) sigma[i, j] = i == j ? 1 : 0.3;
        var z = Data(sigma, n, 5);
        var device = Resampler.Covariances(z, n, p, d1 + d2, 9, 0, 3);
        for (int b = 0; b < 3; b++)
        {
            var perm = GaussianResampler.Permutation(9, b, n);
            Assert.Equal(Enumerable.Range(0, n), perm.Order());
            var shuffled = new double[n, p];
            for (int r = 0; r < n; r++)
                for (int c = 0; c < p; c++) shuffled[r, c] = z[(c >= d1 + d2 ? perm[r] : r) * p + c];
            AssertCovariance(GaussianBiasCorrectionTests.Covariance(shuffled, n), device, b * p * p, $"permutation {b}");
        }
    }

    [Fact]
    public void SameSeed_SameResults_WhateverTheBatchSplit()
    {
        var z = Data(Sigma, 300, 1);
        var options = new ResamplingOptions(Bootstrap: 17, Permutations: 13, Seed: 99);
        var a = Resampler.Summarize(z, 300, 1, 1, 1, PidMeasures.Mmi, options);
        var b = Resampler.Summarize(z, 300, 1, 1, 1, PidMeasures.Mmi, options with { MaxIndexEntries = 300 * 4 });
        Assert.Equal(a.Observed, b.Observed);
        Assert.Equal(a.Bootstrap, b.Bootstrap);
        Assert.Equal(a.Permutation, b.Permutation);
        var c = Resampler.Summarize(z, 300, 1, 1, 1, PidMeasures.Mmi, options with { Seed = 100 });
        Assert.NotEqual(a.Bootstrap!.I.Lower, c.Bootstrap!.I.Lower);
        Assert.Equal(a.Observed, c.Observed);
    }

    [Fact]
    public void BootstrapIntervals_CoverTheTruth_InMostOfManyDatasets()
    {
        const int datasets = 40, n = 300;
        var truth = PidMeasures.Mmi.Gaussian(Sigma, 1, 1, 1);
        var options = new ResamplingOptions(Bootstrap: 200, Seed: 77);
        int coverR = 0, coverS = 0, coverI = 0;
        for (int m = 0; m < datasets; m++)
        {
            var s = Resampler.Summarize(Data(Sigma, n, 1000 + m), n, 1, 1, 1, PidMeasures.Mmi, options).Bootstrap!;
            coverR += s.R.Lower <= truth.R && truth.R <= s.R.Upper ? 1 : 0;
            coverS += s.S.Lower <= truth.S && truth.S <= s.S.Upper ? 1 : 0;
            coverI += s.I.Lower <= truth.I && truth.I <= s.I.Upper ? 1 : 0;
        }
        // Nominal 95%: 38 of 40 expected; 32 is > 4 binomial SDs below.
        Assert.True(coverR >= 32 && coverS >= 32 && coverI >= 32, $"coverage of 40: R {coverR}, S {coverS}, I {coverI}");
    }

    [Fact]
    public void BootstrapIntervals_ShrinkLikeOneOverSqrtN()
    {
        var options = new ResamplingOptions(Bootstrap: 300, Seed: 2026);
        var small = Resampler.Summarize(Data(Sigma, 500, 21), 500, 1, 1, 1, PidMeasures.Mmi, options).Bootstrap!;
        var large = Resampler.Summarize(Data(Sigma, 4000, 22), 4000, 1, 1, 1, PidMeasures.Mmi, options).Bootstrap!;
        // 8× the rows → intervals √8 ≈ 2.83× narrower.
        foreach (var (name, a, b) in new[] { ("R", small.R, large.R), ("I", small.I, large.I), ("S", small.S, large.S) })
        {
            Assert.True(a.Lower <= a.Estimate && a.Estimate <= a.Upper, $"{name}: estimate outside its interval");
            double ratio = (a.Upper - a.Lower) / (b.Upper - b.Lower);
            Assert.True(ratio is > 2.0 and < 4.0, $"{name}: width ratio {ratio}");
            double se = a.StandardError / b.StandardError;
            Assert.True(se is > 2.0 and < 4.0, $"{name}: SE ratio {se}");
        }
    }

    [Fact]
    public void Quantile_MatchesMathNetR7()
    {
        var rng = new Random(5);
        var v = Enumerable.Range(0, 37).Select(_ => rng.NextDouble() - 0.3).ToArray();
        foreach (double q in new[] { 0, 0.025, 0.1, 0.5, 0.95, 0.975, 1 })
            Assert.Equal(MathNet.Numerics.Statistics.Statistics.QuantileCustom(v, q, MathNet.Numerics.Statistics.QuantileDefinition.R7),
                ReplicateStatistics.Quantile(v, q), 14);
    }

    [Fact]
    public void ShuffledYNull_IndependentTargetGivesLargeP_DependentTargetSmallP()
    {
        const int n = 1000, perms = 199;
        var independent = new double[,] { { 1.0, 0.5, 0 }, { 0.5, 1.0, 0 }, { 0, 0, 1.0 } };
        var options = new ResamplingOptions(Permutations: perms, Seed: 8);
        var none = Resampler.Summarize(Data(independent, n, 31), n, 1, 1, 1, PidMeasures.Mmi, options).Permutation!;
        var some = Resampler.Summarize(Data(Sigma, n, 32), n, 1, 1, 1, PidMeasures.Mmi, options).Permutation!;
        Assert.True(none.PValueI > 0.05, $"independent Y: p = {none.PValueI}");
        Assert.True(some.PValueI <= 1.0 / (1 + perms) + 1e-15, $"dependent Y: p = {some.PValueI}");
        foreach (var s in new[] { none, some })
        {
            // Under the null the plug-in I is ~χ²₂/(2N ln 2): mean ≈ 1.4e-3 bits, 95% ≈ 4.3e-3 bits at N = 1000.
            Assert.InRange(s.NullMean.I, 0, 3e-3);
            Assert.InRange(s.NullUpper.I, 1e-3, 8e-3);
            Assert.InRange(s.NullMean.R, 0, 2e-3);
        }
        Assert.True(some.Observed.I > 50 * some.NullUpper.I);
    }

    [Fact]
    public void Broja_BootstrapRuns_AndConverges()
    {
        var z = Data(Sigma, 400, 41);
        using var buffer = fixture.Device.Accelerator.Allocate1D(z);
        var atoms = Resampler.BootstrapAtoms(buffer.View, 400, 1, 1, 1, PidMeasures.Broja, new ResamplingOptions(Bootstrap: 8, Seed: 4));
        Assert.Equal(8, atoms.Length);
        Assert.All(atoms, a => Assert.True(Assert.IsType<GpidAtoms>(a).Converged));
        var summary = Resampler.Summarize(z, 400, 1, 1, 1, PidMeasures.Broja,
            new ResamplingOptions(Bootstrap: 8, Seed: 4, LowerQuantile: 0, UpperQuantile: 1)).Bootstrap!;
        Assert.Equal(atoms.Min(a => a.S), summary.S.Lower);
        Assert.Equal(atoms.Max(a => a.S), summary.S.Upper);
        Assert.Equal(atoms.Average(a => a.U1), summary.U1.Mean, 14);
    }

    [Fact]
    public void BadInput_IsNamed()
    {
        var z = Data(Sigma, 50, 1);
        z[3 * 3 + 2] = double.NaN;
        var e = Assert.Throws<PidInputException>(() => Resampler.Summarize(z, 50, 1, 1, 1, PidMeasures.Mmi, new ResamplingOptions(Bootstrap: 2)));
        Assert.Contains("row 3, column 2", e.Message);
        var good = Data(Sigma, 50, 1);
        Assert.Throws<PidInputException>(() => Resampler.Summarize(good, 49, 1, 1, 1, PidMeasures.Mmi, new ResamplingOptions(Bootstrap: 2)));
        Assert.Throws<PidInputException>(() => Resampler.Summarize(good, 50, 1, 1, 1, PidMeasures.Mmi, new ResamplingOptions(Bootstrap: 2, LowerQuantile: 0.9, UpperQuantile: 0.1)));
        Assert.Throws<PidInputException>(() => Resampler.Summarize(good, 50, 1, 1, 1, PidMeasures.Mmi, new ResamplingOptions(Permutations: -1)));
        // 4 rows: some replicates draw one row four times, a zero covariance; the message names the replicate batch.
        var tiny = Data(Sigma, 4, 2);
        var singular = Assert.Throws<PidInputException>(() => Resampler.Summarize(tiny, 4, 1, 1, 1, PidMeasures.Mmi, new ResamplingOptions(Bootstrap: 400)));
        Assert.Contains("bootstrap replicates 0–399", singular.Message);
    }

    [Fact]
    public void Summary_RoundTripsThroughJson()
    {
        var s = Resampler.Summarize(Data(Sigma, 200, 6), 200, 1, 1, 1, PidMeasures.Mmi, new ResamplingOptions(Bootstrap: 10, Permutations: 10, Seed: 3));
        var json = System.Text.Json.JsonSerializer.Serialize(s);
        Assert.Contains("\"PValueI\"", json);
        var back = System.Text.Json.JsonSerializer.Deserialize<UncertaintySummary>(json)!;
        Assert.Equal(s.Observed, back.Observed);
        Assert.Equal(s.Bootstrap, back.Bootstrap);
        Assert.Equal(s.Permutation, back.Permutation);
    }
}

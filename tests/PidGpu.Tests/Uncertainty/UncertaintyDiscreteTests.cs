using PidGpu.Estimate;
using PidGpu.Tests.Support;
using PidGpu.Uncertainty;

namespace PidGpu.Tests;

/// <summary>
/// <see cref="DiscreteResampler"/>: replicate joints against host histograms of the same resampled codes, determinism,
/// bootstrap coverage on a known channel, and the shuffled-Y null.
/// </summary>
[Collection(EngineDeviceCollection.Name)]
public class UncertaintyDiscreteTests(EngineDeviceFixture fixture)
{
    DiscreteResampler Resampler => new(fixture.Device);

    /// <summary>x1, x2 uniform bits; y = x1 with probability 0.9, else a fresh uniform bit (P(y = x1) = 0.95).</summary>
    static (int[] X1, int[] X2, int[] Y) Copy(int n, int seed, bool dependent = true)
    {
        var rng = new Random(seed);
        var x1 = new int[n]; var x2 = new int[n]; var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            x1[i] = rng.Next(2); x2[i] = rng.Next(2);
            y[i] = dependent && rng.NextDouble() < 0.9 ? x1[i] : rng.Next(2);
        }
        return (x1, x2, y);
    }

    static double[] HostJoint(int[] x1, int[] x2, int[] y, int[] rowOf, int[] yRowOf, int n1, int n2, int ny)
    {
        var p = new double[n1 * n2 * ny];
        for (int k = 0; k < rowOf.Length; k++) p[(x1[rowOf[k]] * n2 + x2[rowOf[k]]) * ny + y[yRowOf[k]]] += 1.0 / rowOf.Length;
        return p;
    }

    [Fact]
    public void ReplicateJoints_EqualHostHistogramsOfTheSameRows()
    {
        const int n = 300;
        var rng = new Random(3);
        var x1 = Enumerable.Range(0, n).Select(_ => rng.Next(3)).ToArray();
        var x2 = Enumerable.Range(0, n).Select(_ => rng.Next(2)).ToArray();
        var y = Enumerable.Range(0, n).Select(i => (x1[i] + x2[i] + rng.Next(2)) % 4).ToArray();
        var options = new ResamplingOptions(Bootstrap: 5, Permutations: 5, Seed: 12, MaxIndexEntries: 2 * n);
        var boot = Resampler.Joints(x1, x2, y, 3, 2, 4, options, bootstrap: true);
        var perm = Resampler.Joints(x1, x2, y, 3, 2, 4, options, bootstrap: false);
        for (int b = 0; b < 5; b++)
        {
            var rows = GaussianResampler.BootstrapRows(12, b, n);
            var want = HostJoint(x1, x2, y, rows, rows, 3, 2, 4);
            for (int c = 0; c < want.Length; c++) Assert.Equal(want[c], boot[b].P[c], 14);
            var identity = Enumerable.Range(0, n).ToArray();
            var wantPerm = HostJoint(x1, x2, y, identity, GaussianResampler.Permutation(12, b, n), 3, 2, 4);
            for (int c = 0; c < wantPerm.Length; c++) Assert.Equal(wantPerm[c], perm[b].P[c], 14);
        }
    }

    [Fact]
    public void Bootstrap_CoversKnownInformation_AndIsDeterministic()
    {
        // I(Y; X1, X2) = I(Y; X1) = 1 − H₂(0.05) bits; X2 is irrelevant, so under MMI R = I(Y;X2) = 0, U1 = I.
        double h = -(0.05 * Math.Log2(0.05) + 0.95 * Math.Log2(0.95));
        double truth = 1 - h;
        var (x1, x2, y) = Copy(2000, 17);
        var options = new ResamplingOptions(Bootstrap: 200, Seed: 5);
        var s = Resampler.Summarize(x1, x2, y, 2, 2, 2, PidMeasures.Mmi, options);
        var iv = s.Bootstrap!.I;
        Assert.True(iv.Lower <= truth && truth <= iv.Upper, $"I: [{iv.Lower}, {iv.Upper}] misses {truth}");
        Assert.True(s.Bootstrap.U1.Lower <= truth && truth <= s.Bootstrap.U1.Upper);
        Assert.InRange(s.Bootstrap.R.Upper, 0, 0.01);
        var again = Resampler.Summarize(x1, x2, y, 2, 2, 2, PidMeasures.Mmi, options with { MaxIndexEntries = 8 * 7 });
        Assert.Equal(s.Bootstrap, again.Bootstrap);
    }

    [Fact]
    public void ShuffledYNull_IndependentLargeP_DependentSmallP()
    {
        var options = new ResamplingOptions(Permutations: 99, Seed: 1);
        var (a1, a2, ay) = Copy(1000, 41, dependent: false);
        var (b1, b2, by) = Copy(1000, 42);
        var none = Resampler.Summarize(a1, a2, ay, 2, 2, 2, PidMeasures.IMin, options).Permutation!;
        var some = Resampler.Summarize(b1, b2, by, 2, 2, 2, PidMeasures.IMin, options).Permutation!;
        Assert.True(none.PValueI > 0.05, $"independent: p = {none.PValueI}");
        Assert.Equal(1.0 / 100, some.PValueI, 15);
        // Plug-in I of independent bits: ~χ²₃/(2N ln 2), mean ≈ 2.2e-3 bits at N = 1000.
        Assert.InRange(none.NullMean.I, 0, 5e-3);
        Assert.InRange(some.NullMean.I, 0, 5e-3);
        Assert.True(some.Observed.I > 0.5);
    }

    [Fact]
    public void BadCodes_AreNamed()
    {
        var (x1, x2, y) = Copy(50, 1);
        y[7] = 2;
        var e = Assert.Throws<PidInputException>(() => Resampler.Summarize(x1, x2, y, 2, 2, 2, PidMeasures.Mmi, new ResamplingOptions(Bootstrap: 3)));
        Assert.Contains("y code at row 7", e.Message);
        // One measure from the catalogue; anything else is refused by name, not dereferenced.
        Assert.Contains("catalogue", Assert.Throws<PidInputException>(() =>
            Resampler.Summarize(x1, x2, y, 2, 2, 3, null!, new ResamplingOptions(Bootstrap: 3))).Message);
    }
}

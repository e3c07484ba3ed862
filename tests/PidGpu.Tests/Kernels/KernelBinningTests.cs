using ILGPU;
using ILGPU.Runtime;
using PidGpu.Discretize;
using PidGpu.Kernels;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// <see cref="ColumnBinning"/> launched directly and through <see cref="Binner"/>: uniform codes equal
/// floor((v − min)/width) clamped, quantile codes are equal-count, monotone and tie-respecting, the
/// order-preserving key sorts floats like Array.Sort does, and bad columns are rejected by name.
/// </summary>
[Collection(EngineDeviceCollection.Name)]
public class KernelBinningTests(EngineDeviceFixture fixture)
{
    int[] Direct(float[] values, int bins, bool quantile)
    {
        var acc = fixture.Device.Accelerator;
        var binning = fixture.Kernel(a => new ColumnBinning(a));
        using var input = acc.Allocate1D(values);
        using var codes = acc.Allocate1D<int>(values.Length);
        using var temp = acc.Allocate1D<int>(binning.TempSize(values.Length));
        binning.Launch(acc.DefaultStream, input.View, bins, quantile, codes.View, temp.View);
        return codes.GetAsArray1D(acc.DefaultStream);
    }

    Binner Binner => new(fixture.Device);

    /// <summary>Host uniform codes: floor((v − min)/width), width = (max − min)/bins, clamped to [0, bins−1].</summary>
    static int[] HostUniform(float[] values, int bins)
    {
        double lo = values.Min(), hi = values.Max(), width = (hi - lo) / bins;
        return values.Select(v => Math.Clamp((int)Math.Floor((v - lo) / width), 0, bins - 1)).ToArray();
    }

    [Fact]
    public void Uniform_KnownEdges_IncludingNegatives()
    {
        // min −1, max 1, 4 bins of width 0.5: edges −1, −0.5, 0, 0.5, 1 (an edge value goes up, the max stays in the top bin).
        float[] values = [-1f, -0.75f, -0.5f, -0.2f, 0f, 0.1f, 0.5f, 0.99f, 1f, -0.5000001f, 0.4999999f];
        int[] want = [0, 0, 1, 1, 2, 2, 3, 3, 3, 0, 2];
        Assert.Equal(want, Direct(values, 4, quantile: false));
        Assert.Equal(want, Binner.Bin(values, 4, BinningMode.Uniform));
    }

    [Theory]
    [InlineData(10_000, 7, 1)]
    [InlineData(777, 16, 2)]
    [InlineData(50, 2, 3)]
    public void Uniform_RandomColumn_MatchesHostFormula(int n, int bins, int seed)
    {
        var rng = new Random(seed);
        var values = Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 7.3 - 4.1)).ToArray();
        var got = Direct(values, bins, quantile: false);
        Assert.Equal(HostUniform(values, bins), got);
        Assert.Equal(got, Binner.Bin(values, bins, BinningMode.Uniform));
        Assert.Equal(0, got[Array.IndexOf(values, values.Min())]);
        Assert.Equal(bins - 1, got[Array.IndexOf(values, values.Max())]);
    }

    [Fact]
    public void Uniform_HugeRange_NoOverflow()
    {
        float[] values = [-float.MaxValue, 0f, float.MaxValue, -1e38f, 1e38f];
        Assert.Equal(HostUniform(values, 4), Binner.Bin(values, 4, BinningMode.Uniform));
        Assert.Equal(new[] { 0, 2, 3, 1, 2 }, Binner.Bin(values, 4, BinningMode.Uniform));
    }

    /// <summary>1000 distinct values: negatives, positives, ±tiny (normal and subnormal) and a zero.</summary>
    static float[] DistinctColumn(int seed)
    {
        var rng = new Random(seed);
        var set = new HashSet<float> { 0f, 1e-30f, -1e-30f, float.Epsilon, -float.Epsilon, 1e-38f, -1e-38f, 3e38f, -3e38f };
        while (set.Count < 1000)
        {
            float v = (float)((rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-6, 7)));
            if (v != 0) set.Add(v);
        }
        return set.OrderBy(_ => rng.Next()).ToArray();
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(10)]
    [InlineData(40)]
    public void Quantile_DistinctShuffledColumn_EqualCountsAndMonotone(int bins)
    {
        var values = DistinctColumn(bins);
        var codes = Direct(values, bins, quantile: true);
        Assert.Equal(codes, Binner.Bin(values, bins, BinningMode.Quantile));

        Assert.All(Enumerable.Range(0, bins), k => Assert.Equal(values.Length / bins, codes.Count(c => c == k)));
        // Code = floor(rank · bins / n) with rank the position in float order: code order is value order.
        var rank = values.Select((v, i) => (v, i)).OrderBy(e => e.v).Select((e, r) => (e.i, r)).ToArray();
        foreach (var (i, r) in rank)
            Assert.True(codes[i] == r * bins / values.Length, $"value {values[i]:R} (rank {r}) has code {codes[i]}, want {r * bins / values.Length}");
    }

    [Fact]
    public void Quantile_LengthNotMultipleOfBins_MatchesCutPointRule()
    {
        var rng = new Random(31);
        var values = Enumerable.Range(0, 1001).Select(_ => (float)(rng.NextDouble() * 2 - 1)).Distinct().ToArray();
        int n = values.Length, bins = 7;
        var sorted = values.OrderBy(v => v).ToArray();
        var want = values.Select(v => Enumerable.Range(1, bins - 1).Count(k => sorted[(long)k * n / bins] <= v)).ToArray();
        Assert.Equal(want, Direct(values, bins, quantile: true));
    }

    [Fact]
    public void Quantile_TiesShareCodes()
    {
        var rng = new Random(5);
        // Heavy ties on a few levels, negative ones included.
        float[] levels = [-2.5f, -1f, 0f, 0.25f, 3f, 1e-20f];
        var values = Enumerable.Range(0, 600).Select(_ => levels[rng.Next(levels.Length)]).ToArray();
        var codes = Direct(values, 4, quantile: true);
        foreach (var level in levels)
        {
            var of = Enumerable.Range(0, values.Length).Where(i => values[i] == level).Select(i => codes[i]).Distinct().ToArray();
            Assert.True(of.Length == 1, $"value {level} got codes {string.Join(",", of)}");
        }
        for (int i = 0; i < values.Length; i++)
            for (int k = 0; k < 20; k++)
            {
                int j = rng.Next(values.Length);
                if (values[i] < values[j]) Assert.True(codes[i] <= codes[j]);
            }
    }

    [Fact]
    public void Quantile_NegativeZeroTiesWithPositiveZero()
    {
        // −0.0 == +0.0 as floats, so they are a tie and must share a code whatever the cut points are (uniform
        // binning already treats them alike). Known to fail at present: ToKey maps −0 to −1 and +0 to 0.
        float[] values = [-1f, -0f, 0f, -0f, 0f, 1f, 2f, 3f];
        var codes = Direct(values, 4, quantile: true);
        Assert.True(codes[1] == codes[2] && codes[2] == codes[3] && codes[3] == codes[4],
            $"codes of −0, +0, −0, +0: {codes[1]}, {codes[2]}, {codes[3]}, {codes[4]} (all codes {string.Join(",", codes)})");
    }

    [Fact]
    public void ToKey_OrdersFloatsLikeArraySort()
    {
        var rng = new Random(10_000);
        var floats = new float[10_000];
        for (int i = 0; i < floats.Length; i++)
        {
            floats[i] = rng.Next(4) switch
            {
                0 => (float)(rng.NextDouble() * 2 - 1),
                1 => (float)((rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-40, 39))),
                2 => BitConverter.Int32BitsToSingle(rng.Next(0, 0x7F800000)) * (rng.Next(2) == 0 ? -1 : 1), // any finite bit pattern
                _ => rng.Next(-3, 4),
            };
        }
        floats[0] = float.MaxValue; floats[1] = -float.MaxValue; floats[2] = float.Epsilon; floats[3] = -float.Epsilon; floats[4] = 0f;

        var byFloat = (float[])floats.Clone();
        Array.Sort(byFloat);
        var keys = floats.Select(ColumnBinning.ToKey).ToArray();
        var byKey = (float[])floats.Clone();
        Array.Sort(keys, byKey);
        for (int i = 0; i < floats.Length; i++)
            Assert.True(byFloat[i] == byKey[i], $"position {i}: Array.Sort gives {byFloat[i]:R}, key order gives {byKey[i]:R}");
        // Strictly monotone on distinct values.
        for (int i = 1; i < byKey.Length; i++)
            if (byKey[i - 1] < byKey[i]) Assert.True(keys[i - 1] < keys[i]);
        Assert.True(ColumnBinning.ToKey(-1f) < ColumnBinning.ToKey(-float.Epsilon));
        Assert.True(ColumnBinning.ToKey(-float.Epsilon) < ColumnBinning.ToKey(0f));
        Assert.True(ColumnBinning.ToKey(0f) < ColumnBinning.ToKey(float.Epsilon));
        Assert.True(ColumnBinning.ToKey(-2f) < ColumnBinning.ToKey(-1f));
    }

    [Fact]
    public void Binner_BadColumns_NameTheProblem()
    {
        var binner = Binner;
        float[] ok = [1f, 2f, 3f, 4f];

        var e = Assert.Throws<PidInputException>(() => binner.Bin(ok, 1, BinningMode.Uniform, "x1"));
        Assert.Contains("x1", e.Message);
        Assert.Contains("at least 2", e.Message);
        e = Assert.Throws<PidInputException>(() => binner.Bin(ok, 0, BinningMode.Quantile, "x1"));
        Assert.Contains("at least 2", e.Message);

        e = Assert.Throws<PidInputException>(() => binner.Bin(ok, 5, BinningMode.Quantile, "x2"));
        Assert.Contains("x2", e.Message);
        Assert.Contains("fewer than 5 bins", e.Message);

        e = Assert.Throws<PidInputException>(() => binner.Bin([1f, 2f, float.NaN, 4f], 2, BinningMode.Uniform, "y"));
        Assert.Contains("row 2", e.Message);
        Assert.Contains("NaN", e.Message);
        Assert.Contains("finite", e.Message);

        e = Assert.Throws<PidInputException>(() => binner.Bin([1f, 2f, 3f, float.PositiveInfinity], 2, BinningMode.Quantile, "y"));
        Assert.Contains("row 3", e.Message);
        Assert.Contains("finite", e.Message);
        e = Assert.Throws<PidInputException>(() => binner.Bin([float.NegativeInfinity, 2f, 3f], 2, BinningMode.Uniform, "y"));
        Assert.Contains("row 0", e.Message);

        e = Assert.Throws<PidInputException>(() => binner.Bin([2.5f, 2.5f, 2.5f], 2, BinningMode.Uniform, "x1"));
        Assert.Contains("constant", e.Message);
        Assert.Contains("2.5", e.Message);
    }
}

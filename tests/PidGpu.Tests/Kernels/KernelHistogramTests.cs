using ILGPU;
using ILGPU.Runtime;
using PidGpu.Kernels;
using PidGpu.Estimate;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// <see cref="JointHistogram"/> launched directly (one launch, several problems back to back) against host counts,
/// and <see cref="JointDistribution.FromCodes"/> against manual counting.
/// </summary>
[Collection(EngineDeviceCollection.Name)]
public class KernelHistogramTests(EngineDeviceFixture fixture)
{
    static int[] HostCounts(ProblemShape s, int problems, int samples, int[] x1, int[] x2, int[] y)
    {
        var counts = new int[problems * s.Cells];
        for (int b = 0; b < problems; b++)
            for (int i = 0; i < samples; i++)
            {
                int r = b * samples + i;
                counts[b * s.Cells + (x1[r] * s.N2 + x2[r]) * s.NY + y[r]]++;
            }
        return counts;
    }

    [Theory]
    [InlineData(3, 4, 5, 1000, 11)]
    [InlineData(2, 2, 2, 3, 12)]        // fewer samples than one warp
    [InlineData(5, 3, 7, 100_003, 13)]  // many more samples than grid threads: exercises the grid-stride loop
    [InlineData(1, 6, 2, 517, 14)]
    public void ThreeProblemsInOneLaunch_MatchHostCountsExactly(int n1, int n2, int ny, int samples, int seed)
    {
        const int problems = 3;
        var shape = new ProblemShape(n1, n2, ny);
        var rng = new Random(seed);
        var x1 = new int[problems * samples];
        var x2 = new int[problems * samples];
        var y = new int[problems * samples];
        for (int i = 0; i < x1.Length; i++)
        {
            // Skewed codes per problem so the three histograms differ.
            int b = i / samples;
            x1[i] = Math.Min(n1 - 1, (int)(rng.NextDouble() * rng.NextDouble() * (n1 + b)));
            x2[i] = rng.Next(n2);
            y[i] = b == 2 ? (x1[i] + x2[i]) % ny : rng.Next(ny);
        }
        var acc = fixture.Device.Accelerator;
        var stream = acc.DefaultStream;
        var kernel = fixture.Kernel(a => new JointHistogram(a));
        using var dx1 = acc.Allocate1D(x1);
        using var dx2 = acc.Allocate1D(x2);
        using var dy = acc.Allocate1D(y);
        using var counts = acc.Allocate1D<int>(problems * shape.Cells);
        counts.MemSetToZero(stream);

        kernel.Launch(stream, shape, problems, samples, dx1.View, dx2.View, dy.View, counts.View);
        var got = counts.GetAsArray1D(stream);

        var want = HostCounts(shape, problems, samples, x1, x2, y);
        Assert.Equal(want, got);
        for (int b = 0; b < problems; b++) Assert.Equal(samples, got.Skip(b * shape.Cells).Take(shape.Cells).Sum());
    }

    [Fact]
    public void FromCodes_EqualsManualCountsNormalised()
    {
        var rng = new Random(77);
        int n = 2345;
        var x1 = Enumerable.Range(0, n).Select(_ => rng.Next(4)).ToArray();
        var x2 = Enumerable.Range(0, n).Select(_ => rng.Next(3)).ToArray();
        var y = Enumerable.Range(0, n).Select(i => (x1[i] * x2[i] + rng.Next(2)) % 5).ToArray();

        var joint = JointDistribution.FromCodes(x1, x2, y);

        int n1 = x1.Max() + 1, n2 = x2.Max() + 1, ny = y.Max() + 1;
        Assert.Equal((n1, n2, ny), (joint.N1, joint.N2, joint.NY));
        var counts = new int[n1, n2, ny];
        for (int i = 0; i < n; i++) counts[x1[i], x2[i], y[i]]++;
        for (int a = 0; a < n1; a++) for (int b = 0; b < n2; b++) for (int c = 0; c < ny; c++)
            Assert.Equal(counts[a, b, c] / (double)n, joint[a, b, c], 15);
        Assert.Equal(1.0, joint.P.Sum(), 12);
    }

    [Fact]
    public void FromCodes_ExplicitAlphabetsLargerThanCodes_PadWithZeros()
    {
        int[] x1 = [0, 1, 1], x2 = [0, 0, 1], y = [1, 0, 1];
        var joint = JointDistribution.FromCodes(x1, x2, y, n1: 3, n2: 2, ny: 4);
        Assert.Equal((3, 2, 4), (joint.N1, joint.N2, joint.NY));
        Assert.Equal(1 / 3.0, joint[0, 0, 1], 15);
        Assert.Equal(1 / 3.0, joint[1, 0, 0], 15);
        Assert.Equal(1 / 3.0, joint[1, 1, 1], 15);
        Assert.Equal(3, joint.P.Count(v => v > 0));
        // Alphabet sizes smaller than the codes grow to fit them.
        var grown = JointDistribution.FromCodes(x1, x2, y, n1: 1, n2: 1, ny: 1);
        Assert.Equal((2, 2, 2), (grown.N1, grown.N2, grown.NY));
    }

    [Fact]
    public void FromCodes_BadInput_NamesTheProblem()
    {
        var e = Assert.Throws<PidInputException>(() => JointDistribution.FromCodes([0, 1], [0], [0, 1]));
        Assert.Contains("different lengths", e.Message);
        e = Assert.Throws<PidInputException>(() => JointDistribution.FromCodes([], [], []));
        Assert.Contains("no samples", e.Message);
        e = Assert.Throws<PidInputException>(() => JointDistribution.FromCodes([0, 1, 0], [0, -2, 0], [1, 0, 1]));
        Assert.Contains("x2", e.Message);
        Assert.Contains("row 1", e.Message);
        Assert.Contains("-2", e.Message);
        e = Assert.Throws<PidInputException>(() => JointDistribution.FromCodes([0], [0], [0], n1: 1 << 10, n2: 1 << 10, ny: 1 << 10));
        Assert.Contains("exceed", e.Message);
    }
}

using PidGpu.Discretize;
using PidGpu.Estimate;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>The library's device histogram path against host counting, and its input checks.</summary>
[Collection(EngineDeviceCollection.Name)]
public class KernelJointHistogrammerTests(EngineDeviceFixture fixture)
{
    [Fact]
    public void ManyProblemsInOneLaunch_MatchHostCounts()
    {
        var rng = new Random(11);
        var problems = Enumerable.Range(0, 4).Select(_ => (
            Enumerable.Range(0, 5000).Select(_ => rng.Next(3)).ToArray(),
            Enumerable.Range(0, 5000).Select(_ => rng.Next(4)).ToArray(),
            Enumerable.Range(0, 5000).Select(_ => rng.Next(5)).ToArray())).ToArray();
        var joints = new JointHistogrammer(fixture.Device).Count(problems, 3, 4, 5);
        for (int b = 0; b < problems.Length; b++)
        {
            var (x1, x2, y) = problems[b];
            var expected = new double[3 * 4 * 5];
            for (int i = 0; i < x1.Length; i++) expected[(x1[i] * 4 + x2[i]) * 5 + y[i]] += 1.0 / x1.Length;
            for (int k = 0; k < expected.Length; k++) Assert.Equal(expected[k], joints[b].P[k], 15);
        }
    }

    [Fact]
    public void CodeOutsideAlphabet_IsNamed()
    {
        var bad = new[] { (new[] { 0, 1 }, new[] { 0, 2 }, new[] { 1, 0 }) };
        var e = Assert.Throws<PidInputException>(() => new JointHistogrammer(fixture.Device).Count(bad, 2, 2, 2));
        Assert.Contains("x2 code at row 1 is 2", e.Message);
    }

    [Fact]
    public void MismatchedLengths_AreNamed()
    {
        var bad = new[] { (new[] { 0, 1 }, new[] { 0 }, new[] { 1, 0 }) };
        var e = Assert.Throws<PidInputException>(() => new JointHistogrammer(fixture.Device).Count(bad, 2, 2, 2));
        Assert.Contains("2/1/2 samples", e.Message);
    }
}

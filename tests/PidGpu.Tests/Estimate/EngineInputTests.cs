using PidGpu.Estimate;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>Input validation of <see cref="JointDistribution"/> and <see cref="DiscretePidEngine"/>: bad input is a
/// <see cref="PidInputException"/> whose message names the offending entry or setting.</summary>
[Collection(EngineDeviceCollection.Name)]
public class EngineInputTests(EngineDeviceFixture fixture)
{
    static readonly double[] Good = [0.1, 0.2, 0.05, 0.15, 0.1, 0.1, 0.2, 0.1];

    static double[] With(int index, double value)
    {
        var w = (double[])Good.Clone();
        w[index] = value;
        return w;
    }

    [Theory]
    [InlineData(5, -0.25, "p[1][0][1]", "negative")]   // index 5 = (1*2 + 0)*2 + 1
    [InlineData(0, -1e-300, "p[0][0][0]", "negative")]
    [InlineData(3, double.NaN, "p[0][1][1]", "NaN")]
    [InlineData(6, double.PositiveInfinity, "p[1][1][0]", "finite")]
    [InlineData(7, double.NegativeInfinity, "p[1][1][1]", "finite")]
    public void BadEntry_RejectedNamingTheEntry(int index, double value, string entry, string word)
    {
        var e = Assert.Throws<PidInputException>(() => new JointDistribution(2, 2, 2, With(index, value), "my table"));
        Assert.Contains("my table", e.Message);
        Assert.Contains(entry, e.Message);
        Assert.Contains(word, e.Message);
    }

    [Fact]
    public void AllZero_Rejected()
    {
        var e = Assert.Throws<PidInputException>(() => new JointDistribution(2, 2, 2, new double[8], "zeros"));
        Assert.Contains("zeros", e.Message);
        Assert.Contains("sums to 0", e.Message);
    }

    [Theory]
    [InlineData(2, 2, 2, 7)]
    [InlineData(2, 2, 2, 9)]
    [InlineData(3, 1, 2, 0)]
    public void WrongLength_Rejected(int n1, int n2, int ny, int length)
    {
        var e = Assert.Throws<PidInputException>(() => new JointDistribution(n1, n2, ny, new double[length], "t"));
        Assert.Contains($"expected {n1 * n2 * ny} entries", e.Message);
        Assert.Contains($"got {length}", e.Message);
        Assert.Contains($"{n1}x{n2}x{ny}", e.Message);
    }

    [Theory]
    [InlineData(0, 2, 2)]
    [InlineData(2, -1, 2)]
    [InlineData(2, 2, 0)]
    public void NonPositiveDimension_Rejected(int n1, int n2, int ny)
    {
        var e = Assert.Throws<PidInputException>(() => new JointDistribution(n1, n2, ny, new double[4]));
        Assert.Contains("at least 1", e.Message);
    }

    [Fact]
    public void TooManyCells_Rejected()
    {
        var e = Assert.Throws<PidInputException>(() => new JointDistribution(1 << 10, 1 << 10, 1 << 7, new double[1]));
        Assert.Contains("exceeds the limit", e.Message);
    }

    [Fact]
    public void Counts_AreNormalised_AndInputIsCopied()
    {
        double[] counts = [1, 2, 3, 4, 0, 0, 0, 10];
        var j = new JointDistribution(2, 2, 2, counts);
        Assert.Equal(1.0, j.P.Sum(), 15);
        Assert.Equal(4 / 20.0, j[0, 1, 1], 15);
        Assert.Equal(10 / 20.0, j[1, 1, 1], 15);
        counts[0] = 1000;
        Assert.Equal(1 / 20.0, j[0, 0, 0], 15);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1e-9)]
    [InlineData(double.NaN)]
    [InlineData(double.NegativeInfinity)]
    public void NonPositiveTargetGap_Rejected(double gap)
    {
        var engine = new DiscretePidEngine(fixture.Device);
        var joint = new JointDistribution(2, 2, 2, Good);
        var e = Assert.Throws<PidInputException>(() => engine.Decompose([joint], PidMeasures.All, new BrojaOptions(gap)));
        Assert.Contains("gap", e.Message);
        Assert.Contains("positive", e.Message);
        // Also when BROJA is not requested, and for the single-joint overload.
        Assert.Throws<PidInputException>(() => engine.Decompose(joint, [PidMeasures.IMin], new BrojaOptions(gap)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void NonPositiveIterationLimit_Rejected(int maxIterations)
    {
        var engine = new DiscretePidEngine(fixture.Device);
        var e = Assert.Throws<PidInputException>(() =>
            engine.Decompose(new JointDistribution(2, 2, 2, Good), [PidMeasures.Broja], new BrojaOptions(1e-9, maxIterations)));
        Assert.Contains("iteration", e.Message);
        Assert.Contains($"{maxIterations}", e.Message);
    }

    [Fact]
    public void DefaultOptions_CertifyToOneNanobit()
    {
        var d = new DiscretePidEngine(fixture.Device).Decompose(new JointDistribution(2, 2, 2, Good), [PidMeasures.Broja]);
        Assert.True(d.Broja!.Converged);
        Assert.True(d.Broja.GapBits <= 1e-9, $"gap {d.Broja.GapBits}");
    }
}

using PidGpu.Estimate;
using PidGpu.Tests.Support;
using Xunit.Abstractions;

namespace PidGpu.Tests;

/// <summary>
/// Ill-conditioned but ordinary BROJA inputs: noisy XOR / NAND gates as sampled count tables (10^6 samples,
/// output flipped with probability 1e-2 … 1e-5). For XOR the exact optimum is a whole segment of Δ_P (flat
/// valley), which the noise only barely tilts; for NAND the optimum empties cells. The 2x2 brute-force
/// reference (<see cref="TwoByTwoBroja"/>) gives the true minimum.
/// </summary>
[Collection(EngineDeviceCollection.Name)]
public class EngineBrojaHardCasesTests(EngineDeviceFixture fixture, ITestOutputHelper output)
{
    public static TheoryData<string, double[]> Cases() => new()
    {
        { "XOR, 1e6 samples, 1% flips", [247881, 2480, 2425, 247468, 2530, 247530, 247184, 2502] },
        { "XOR, 1e6 samples, 0.1% flips", [249340, 253, 245, 249790, 242, 250530, 249368, 232] },
        { "XOR, 1e6 samples, 0.01% flips", [251049, 14, 22, 249792, 33, 249568, 249502, 20] },
        { "XOR, 1e6 samples, 0.001% flips", [249934, 1, 4, 250619, 3, 249418, 250019, 2] },
        { "NAND, 1e-5 noise", [3.5557126244657887E-06, 0.24999886590424214, 1.7740401736824037E-05, 0.24999712627415255,
                               1.3835990238471656E-06, 0.24998464450155564, 0.2499830918065009, 1.35918001637295E-05] },
    };

    /// <summary>Whatever the solver manages, its certificate must bracket the true minimum.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Certificate_BracketsTrueMinimum(string name, double[] weights)
    {
        var joint = new JointDistribution(2, 2, 2, weights, name);
        var b = new DiscretePidEngine(fixture.Device).Decompose(joint, [PidMeasures.Broja]).Broja!;
        double mTrue = new TwoByTwoBroja(joint).Minimum(), m = b.I - b.S;
        Assert.True(m >= mTrue - 1e-9 && m - b.GapBits <= mTrue + 1e-9,
            $"{name}: primal {m:R}, gap {b.GapBits:R}, true minimum {mTrue:R}");
    }

    /// <summary>
    /// What the solver guarantees on these near-degenerate tables. The NAND table (optimum empties a cell) is
    /// certified to the default 1e-9 bits. The noisy XOR tables have an almost flat valley of optima, where the
    /// first-order solver is slow (a known limitation, documented in the README): within the default budget
    /// it reaches 1e-6 bits, and when it misses the 1e-9 default it says so (Converged = false) with a gap
    /// that still bounds its error.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void NoisyGates_ConvergeToMicrobitAndReportHonestly(string name, double[] weights)
    {
        var joint = new JointDistribution(2, 2, 2, weights, name);
        var engine = new DiscretePidEngine(fixture.Device);
        double mTrue = new TwoByTwoBroja(joint).Minimum();

        var strict = engine.Decompose(joint, [PidMeasures.Broja]).Broja!;
        double m = strict.I - strict.S;
        output.WriteLine($"{name}: iterations {strict.Iterations}, gap {strict.GapBits:E3} bits, primal − true {m - mTrue:E3} bits");
        Assert.Equal(strict.GapBits <= 1e-9, strict.Converged);
        Assert.True(m - mTrue <= strict.GapBits + 1e-12, $"{name}: error {m - mTrue:E3} exceeds the reported gap {strict.GapBits:E3}");
        if (name.StartsWith("NAND")) Assert.True(strict.Converged, $"{name}: gap {strict.GapBits:E3} bits");

        var loose = engine.Decompose(joint, [PidMeasures.Broja], new BrojaOptions(1e-6)).Broja!;
        Assert.True(loose.Converged && loose.GapBits <= 1e-6, $"{name}: 1e-6 target: gap {loose.GapBits:E3} after {loose.Iterations}");
        Assert.True(Math.Abs(loose.I - loose.S - mTrue) <= 1e-6, $"{name}: 1e-6 target: error {loose.I - loose.S - mTrue:E3}");
    }

    /// <summary>
    /// Running longer must not make the certificate worse. On the noisy NAND the over-relaxed cell step (ω = 1.8)
    /// used to drive cell (x1=1, x2=0) to the smallest subnormal, where the multiplicative update could no longer
    /// grow it although its log Z turned positive; the primal froze 3.8e-7 bits above the optimum. Regression test
    /// for the cell floor and the best-so-far certificate.
    /// </summary>
    [Fact]
    public void NoisyNand_GapDoesNotGrowWithMoreIterations()
    {
        var weights = (double[])Cases().Last()[1];
        var joint = new JointDistribution(2, 2, 2, weights);
        var engine = new DiscretePidEngine(fixture.Device);
        var shortRun = engine.Decompose(joint, [PidMeasures.Broja], new BrojaOptions(1e-12, 1_000)).Broja!;
        var longRun = engine.Decompose(joint, [PidMeasures.Broja], new BrojaOptions(1e-12, 100_000)).Broja!;
        double mTrue = new TwoByTwoBroja(joint).Minimum();
        Assert.True(longRun.GapBits <= shortRun.GapBits && longRun.I - longRun.S <= shortRun.I - shortRun.S + 1e-15,
            $"after 1 000 iterations: gap {shortRun.GapBits:E3}, primal − true {shortRun.I - shortRun.S - mTrue:E3}; " +
            $"after 100 000: gap {longRun.GapBits:E3}, primal − true {longRun.I - longRun.S - mTrue:E3} (bits)");
    }
}

using PidGpu.Estimate;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// BROJA against a reference that shares nothing with the device solver: for binary X1, X2 each y-slice of
/// Δ_P is a 2×2 transportation polytope with one free entry t_y = q(0,0,y) ∈ [max(0, r0+c0−p(y)), min(r0, c0)]
/// (r0 = p(x1=0,y), c0 = p(x2=0,y)). m = min I_Q(Y; X1,X2) is convex in (t_y), so nested golden-section search
/// (the partial minimum of a jointly convex function is convex) finds it to ~1e-12.
/// </summary>
[Collection(EngineDeviceCollection.Name)]
public class EngineBrojaIndependentTests(EngineDeviceFixture fixture)
{
    /// <summary>~20 random 2x2x2 and 2x2x3 joints, some sparse, plus hand-made degenerate ones.</summary>
    static List<JointDistribution> Problems()
    {
        var rng = new Random(7301);
        var list = new List<JointDistribution>();
        for (int i = 0; i < 20; i++)
            list.Add(HostPid.Dirichlet(rng, 2, 2, i % 2 == 0 ? 2 : 3, zeroFraction: i % 4 >= 2 ? 0.3 : 0));
        // y = 2 never occurs (an empty slice); X1 = Y on the others.
        list.Add(new JointDistribution(2, 2, 3, [0.3, 0, 0, 0.2, 0, 0, 0, 0.1, 0, 0, 0.4, 0]));
        // Unbalanced AND-like gate with noise.
        list.Add(new JointDistribution(2, 2, 2, [0.4, 0.01, 0.2, 0.02, 0.15, 0.03, 0.01, 0.18]));
        return list;
    }

    static readonly Lazy<(List<JointDistribution> Joints, double[] Minima)> Reference = new(() =>
    {
        var joints = Problems();
        return (joints, joints.Select(j => new TwoByTwoBroja(j).Minimum()).ToArray());
    });

    [Fact]
    public void BrojaAtoms_MatchBruteForceMinimum_AndCertificateIsValid()
    {
        var (problems, minima) = Reference.Value;
        var results = new DiscretePidEngine(fixture.Device).Decompose(problems, [PidMeasures.Broja], new BrojaOptions(1e-10, 200_000));
        var wrong = new List<string>();
        for (int k = 0; k < problems.Count; k++)
        {
            var j = problems[k];
            var b = results[k].Broja!;
            double mBrute = minima[k];
            var (i1, i2, i12, _) = HostPid.Terms(j);
            double m = b.I - b.S;
            string tag = $"#{k} (2x2x{j.NY}): m brute {mBrute:R}, ours {m:R}, gap {b.GapBits:R}";
            if (!b.Converged) wrong.Add($"{tag}: not converged");
            if (!(b.GapBits >= -1e-12)) wrong.Add($"{tag}: negative gap");
            if (!(m >= mBrute - 1e-9)) wrong.Add($"{tag}: primal below the true minimum (not attained by a feasible Q)");
            if (!(m - b.GapBits <= mBrute + 1e-9)) wrong.Add($"{tag}: dual bound above the true minimum (invalid certificate)");
            (string, double, double)[] atoms =
            [
                ("R", b.R, i1 + i2 - mBrute), ("U1", b.U1, mBrute - i2), ("U2", b.U2, mBrute - i1),
                ("S", b.S, i12 - mBrute), ("I", b.I, i12),
            ];
            foreach (var (name, got, want) in atoms)
                if (!(Math.Abs(got - want) <= 1e-7)) wrong.Add($"{tag}: {name} got {got:R}, want {want:R}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    /// <summary>
    /// Stopped early (loose target, few iterations) the solver is not at the optimum, but its certificate must
    /// still bracket the true minimum: primal ≥ m* ≥ primal − gap.
    /// </summary>
    [Theory]
    [InlineData(1e-2, 100_000)]
    [InlineData(1e-12, 10)]
    [InlineData(1e-12, 30)]
    [InlineData(1e-12, 7)]   // not a multiple of the certificate interval: the last iteration still certifies
    [InlineData(1e-12, 1)]
    public void EarlyStop_CertificateStillBracketsTrueMinimum(double targetGapBits, int maxIterations)
    {
        var (problems, minima) = Reference.Value;
        var results = new DiscretePidEngine(fixture.Device).Decompose(problems, [PidMeasures.Broja], new BrojaOptions(targetGapBits, maxIterations));
        var wrong = new List<string>();
        for (int k = 0; k < problems.Count; k++)
        {
            var b = results[k].Broja!;
            double mBrute = minima[k];
            double m = b.I - b.S;
            string tag = $"#{k}: m brute {mBrute:R}, primal {m:R}, gap {b.GapBits:R}, it {b.Iterations}, conv {b.Converged}";
            if (!(b.Iterations >= 1 && b.Iterations <= maxIterations)) wrong.Add($"{tag}: iterations out of range");
            if (b.Converged != (b.GapBits <= targetGapBits)) wrong.Add($"{tag}: Converged disagrees with the gap");
            if (!(m >= mBrute - 1e-9)) wrong.Add($"{tag}: primal below the true minimum");
            if (!(m - b.GapBits <= mBrute + 1e-9)) wrong.Add($"{tag}: dual above the true minimum");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void BruteForceReference_SanityOnKnownGates()
    {
        // AND: m = I(Y;X1,X2) − S = 0.811278 − 0.5; XOR: m = 0 (S = 1); UNQ (Y = X1): m = 1.
        var and = new JointDistribution(2, 2, 2, [0.25, 0, 0.25, 0, 0.25, 0, 0, 0.25]);
        var xor = new JointDistribution(2, 2, 2, [0.25, 0, 0, 0.25, 0, 0.25, 0.25, 0]);
        var unq = new JointDistribution(2, 2, 2, [0.25, 0, 0.25, 0, 0, 0.25, 0, 0.25]);
        Assert.Equal(0.311278, new TwoByTwoBroja(and).Minimum(), 6);
        Assert.Equal(0.0, new TwoByTwoBroja(xor).Minimum(), 12);
        Assert.Equal(1.0, new TwoByTwoBroja(unq).Minimum(), 12);
    }
}

using PidGpu.Estimate;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// The Newton (dual log-barrier) BROJA solver against the independent first-order scaling solver on the device:
/// two different algorithms, each with its own certificate, must bracket the same optimum, so their atoms agree to
/// within the sum of their certified gaps. Shapes are non-cubic and supports have holes, which exercise the dropped
/// cells, the fixed multipliers and the swap of the sources.
/// </summary>
[Collection(EngineDeviceCollection.Name)]
public class EngineBrojaNewtonTests(EngineDeviceFixture fixture)
{
    public static TheoryData<int, int, int, double, int> Shapes() => new()
    {
        { 2, 3, 2, 0.0, 11 },
        { 3, 5, 4, 0.0, 12 },
        { 5, 3, 4, 0.3, 13 },
        { 6, 6, 2, 0.4, 14 },
        { 4, 7, 6, 0.2, 15 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void NewtonAndScaling_BracketTheSameOptimum(int n1, int n2, int ny, double zeroFraction, int seed)
    {
        var rng = new Random(seed);
        var joints = Enumerable.Range(0, 3).Select(_ => HostPid.Dirichlet(rng, n1, n2, ny, zeroFraction)).ToArray();
        var engine = new DiscretePidEngine(fixture.Device);
        var newton = engine.Decompose(joints, [PidMeasures.Broja], new BrojaOptions(1e-9, 2_000, BrojaSolverKind.Newton));
        var scaling = engine.Decompose(joints, [PidMeasures.Broja], new BrojaOptions(1e-8, 2_000_000, BrojaSolverKind.Scaling));
        for (int k = 0; k < joints.Length; k++)
        {
            var a = newton[k].Broja!;
            var b = scaling[k].Broja!;
            Assert.True(a.Converged, $"Newton #{k}: gap {a.GapBits:E2} after {a.Iterations} steps");
            Assert.True(b.Converged, $"scaling #{k}: gap {b.GapBits:E2}");
            double tolerance = a.GapBits + b.GapBits + 1e-12;
            Assert.True(Math.Abs(a.S - b.S) <= tolerance, $"#{k}: S {a.S:R} vs {b.S:R} (tolerance {tolerance:E2})");
            Assert.True(Math.Abs(a.U1 - b.U1) <= tolerance, $"#{k}: U1 {a.U1:R} vs {b.U1:R}");
            Assert.True(a.Iterations < 500, $"#{k}: Newton took {a.Iterations} steps");
        }
    }

    [Fact]
    public void IterationCap_ReportsNotConverged_WithAValidBracket()
    {
        var joint = HostPid.Dirichlet(new Random(7), 6, 6, 6, 0);
        var engine = new DiscretePidEngine(fixture.Device);
        var capped = engine.Decompose(joint, [PidMeasures.Broja], new BrojaOptions(1e-12, 3)).Broja!;
        var full = engine.Decompose(joint, [PidMeasures.Broja], new BrojaOptions(1e-9)).Broja!;
        Assert.False(capped.Converged);
        Assert.True(capped.GapBits > 1e-12);
        // The capped run's synergy is an upper bound's image: S = I − min I_Q, and its bracket must contain the optimum.
        Assert.True(Math.Abs(capped.S - full.S) <= capped.GapBits + full.GapBits + 1e-12,
            $"capped S {capped.S:R} ± {capped.GapBits:E2} misses {full.S:R}");
    }

    /// <summary>
    /// A single problem with a Schur complement of 506 runs its linear algebra on every core (parallel Schur rows, the
    /// blocked Cholesky with its 4×12 tiles and the rows left over after the last tile); in a batch the same problem runs
    /// on one thread. Both solves must certify 1e-9 bits and bracket the same optimum, in a few dozen Newton systems.
    /// </summary>
    [Fact]
    public void LargeProblemAlone_AndInABatch_BracketTheSameOptimum()
    {
        var joint = HostPid.Dirichlet(new Random(23), 23, 23, 23, 0);
        var engine = new DiscretePidEngine(fixture.Device);
        var options = new BrojaOptions(1e-9);
        var alone = engine.Decompose(joint, [PidMeasures.Broja], options).Broja!;
        var batch = engine.Decompose([joint, HostPid.Dirichlet(new Random(24), 2, 2, 2, 0)], [PidMeasures.Broja], options)[0].Broja!;
        foreach (var r in new[] { alone, batch })
        {
            Assert.True(r.Converged, $"gap {r.GapBits:E2} after {r.Iterations} steps");
            Assert.True(r.Iterations <= 60, $"{r.Iterations} Newton systems for a random 23³ table");
        }
        double tolerance = alone.GapBits + batch.GapBits + 1e-12;
        Assert.True(Math.Abs(alone.S - batch.S) <= tolerance, $"S {alone.S:R} vs {batch.S:R} (tolerance {tolerance:E2})");
        Assert.True(Math.Abs(alone.U1 - batch.U1) <= tolerance, $"U1 {alone.U1:R} vs {batch.U1:R}");
    }
}

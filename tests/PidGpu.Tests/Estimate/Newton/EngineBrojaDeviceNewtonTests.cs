using ILGPU;
using ILGPU.Runtime;
using PidGpu.Estimate;
using PidGpu.Estimate.Measures;
using PidGpu.Estimate.Newton;
using PidGpu.Kernels;
using PidGpu.Kernels.Broja;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// The batched interior-point kernel (<see cref="BrojaInteriorPoint"/>, one thread group per problem) on the CPU
/// accelerator, certified on the host: against the literature's canonical values, against the host Newton solver (each
/// result certified, so both must bracket the same optimum), with several threads per group (the cooperative Cholesky,
/// reductions and solves), and on degenerate tables. Sizes stay small: the CPU accelerator runs kernels slowly.
/// </summary>
[Collection(EngineDeviceCollection.Name)]
public class EngineBrojaDeviceNewtonTests(EngineDeviceFixture fixture)
{
    static readonly BrojaOptions OnDevice = new(1e-9, 500) { NewtonPlacement = BrojaNewtonPlacement.Device };
    static readonly BrojaOptions OnHost = new(1e-9, 500) { NewtonPlacement = BrojaNewtonPlacement.Host };

    [Fact]
    public void CanonicalSystems_MatchTheLiteratureValues_Certified()
    {
        var systems = SharedCanonical.Systems();
        var results = new DiscretePidEngine(fixture.Device).Decompose(systems.Select(s => s.Joint).ToArray(), [PidMeasures.Broja], OnDevice);
        var wrong = new List<string>();
        for (int k = 0; k < systems.Count; k++)
        {
            var b = results[k].Broja!;
            var want = systems[k].Expected["broja"];
            foreach (var (name, got) in new[] { ("R", b.R), ("U1", b.U1), ("U2", b.U2), ("S", b.S) })
                if (!(Math.Abs(got - want[name]) <= 1e-6)) wrong.Add($"{systems[k].Name}: {name} got {got:R}, want {want[name]}");
            if (!b.Converged || !(b.GapBits <= 1e-9)) wrong.Add($"{systems[k].Name}: gap {b.GapBits:E2} after {b.Iterations} steps");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    public static TheoryData<int, int, int, double, int> Batches() => new()
    {
        { 2, 2, 2, 0.0, 31 },
        { 3, 3, 3, 0.2, 32 },
        { 4, 3, 5, 0.3, 33 },
        { 2, 5, 1, 0.0, 34 },
        { 8, 8, 8, 0.0, 35 },
    };

    /// <summary>A batch of 20 random tables (with holes in the support): device and host both certify 1e-9 bits, and
    /// their atoms agree within the sum of their gaps.</summary>
    [Theory]
    [MemberData(nameof(Batches))]
    public void RandomBatch_AgreesWithTheHostSolver(int n1, int n2, int ny, double zeroFraction, int seed)
    {
        var rng = new Random(seed);
        var joints = Enumerable.Range(0, 20).Select(_ => HostPid.Dirichlet(rng, n1, n2, ny, zeroFraction)).ToArray();
        var engine = new DiscretePidEngine(fixture.Device);
        var device = engine.Decompose(joints, [PidMeasures.Broja], OnDevice);
        var host = engine.Decompose(joints, [PidMeasures.Broja], OnHost);
        for (int k = 0; k < joints.Length; k++) AssertBracketSameOptimum(device[k].Broja!, host[k].Broja!, $"#{k}");
    }

    /// <summary>Several threads per group (3 and 4, one not a power of two; 16 on 2³, more threads than unknowns, as a
    /// GPU's 128 on small tables) run the cooperative factorisation, solves and reductions; the Newton matrix of 3³ lies
    /// in shared memory, that of 5×5×6 in the workspace.</summary>
    [Theory]
    [InlineData(3, 3, 3, true)]
    [InlineData(3, 4, 3, true)]
    [InlineData(5, 4, 6, false)]
    [InlineData(2, 16, 2, true)]
    public void SeveralThreadsPerGroup_AgreeWithTheHostSolver(int n, int threads, int ny, bool shared)
    {
        var rng = new Random(40 + n + threads);
        var joints = Enumerable.Range(0, 3).Select(_ => HostPid.Dirichlet(rng, n, n, ny, 0.2)).ToArray();
        Assert.Equal(shared, BrojaInteriorPoint.MatrixShared(fixture.Device.Accelerator, new ProblemShape(n, n, ny)));
        var device = SolveDirect(joints, threads);
        var host = new DiscretePidEngine(fixture.Device).Decompose(joints, [PidMeasures.Broja], OnHost);
        for (int k = 0; k < joints.Length; k++)
            AssertBracketSameOptimum(BrojaMeasure.FromOutcome(device[k], Terms(joints[k])), host[k].Broja!, $"#{k}");
    }

    /// <summary>A batch larger than one launch's memory budget runs in several launches (3 + 3 + 1 problems here), each
    /// problem still with its own marginals and in input order.</summary>
    [Fact]
    public void BatchOverTheLaunchBudget_RunsInSeveralLaunches_InInputOrder()
    {
        var rng = new Random(70);
        var joints = Enumerable.Range(0, 7).Select(_ => HostPid.Dirichlet(rng, 3, 2, 3, 0.1)).ToArray();
        var shape = new ProblemShape(3, 2, 3);
        long perProblem = BrojaInteriorPoint.IterateLength(shape) + BrojaInteriorPoint.WorkspacePerProblem(fixture.Device.Accelerator, shape);
        var device = SolveDirect(joints, threads: 0, launchBudget: 3 * perProblem + 1);
        var host = new DiscretePidEngine(fixture.Device).Decompose(joints, [PidMeasures.Broja], OnHost);
        for (int k = 0; k < joints.Length; k++)
            AssertBracketSameOptimum(BrojaMeasure.FromOutcome(device[k], Terms(joints[k])), host[k].Broja!, $"#{k}");
    }

    /// <summary>Degenerate tables: one cell of mass 1, a constant Y on two cells, Y = X2, two tables whose support drops
    /// whole rows and columns, and a source with a single value.</summary>
    [Fact]
    public void DegenerateTables_AreCertified()
    {
        var joints = new[]
        {
            Joint(2, 2, 2, (0, 0, 0, 1.0)),
            Joint(2, 2, 2, (0, 0, 1, 0.5), (1, 1, 1, 0.5)),
            Joint(2, 2, 2, (0, 0, 0, 0.25), (0, 1, 1, 0.25), (1, 0, 0, 0.25), (1, 1, 1, 0.25)),
            Joint(3, 3, 3, (0, 0, 0, 0.3), (1, 1, 1, 0.3), (2, 2, 2, 0.2), (0, 2, 1, 0.2)),
            Joint(3, 3, 3, (0, 1, 2, 0.6), (2, 1, 0, 0.4)),
            Joint(1, 3, 2, (0, 0, 0, 0.2), (0, 1, 1, 0.5), (0, 2, 0, 0.3)),
        };
        var results = new DiscretePidEngine(fixture.Device).Decompose(joints, [PidMeasures.Broja], OnDevice);
        var host = new DiscretePidEngine(fixture.Device).Decompose(joints, [PidMeasures.Broja], OnHost);
        for (int k = 0; k < joints.Length; k++) AssertBracketSameOptimum(results[k].Broja!, host[k].Broja!, $"#{k}");
        // Y = X2 (the third table): all of I(Y;X2) = 1 bit is unique to X2.
        Assert.True(Math.Abs(results[2].Broja!.U2 - 1) <= 1e-9, $"U2 {results[2].Broja!.U2:R}");
    }

    /// <summary>The near-degenerate noisy XOR and NAND tables of <see cref="EngineBrojaHardCasesTests"/>: the device's
    /// certificate brackets the true minimum of the brute-force 2×2 reference, and it reaches the 1e-9-bit target.</summary>
    [Theory]
    [MemberData(nameof(EngineBrojaHardCasesTests.Cases), MemberType = typeof(EngineBrojaHardCasesTests))]
    public void NearDegenerateTables_BracketTheTrueMinimum(string name, double[] weights)
    {
        var joint = new JointDistribution(2, 2, 2, weights, name);
        var b = new DiscretePidEngine(fixture.Device).Decompose(joint, [PidMeasures.Broja], OnDevice).Broja!;
        double mTrue = new TwoByTwoBroja(joint).Minimum(), m = b.I - b.S;
        Assert.True(m >= mTrue - 1e-9 && m - b.GapBits <= mTrue + 1e-9, $"{name}: primal {m:R}, gap {b.GapBits:R}, true minimum {mTrue:R}");
        Assert.True(b.Converged, $"{name}: gap {b.GapBits:E2} after {b.Iterations} steps");
    }

    [Fact]
    public void StepCap_ReportsNotConverged_WithAValidBracket()
    {
        var joint = HostPid.Dirichlet(new Random(7), 5, 5, 5, 0);
        var engine = new DiscretePidEngine(fixture.Device);
        var capped = engine.Decompose(joint, [PidMeasures.Broja], OnDevice with { MaxIterations = 2 }).Broja!;
        var full = engine.Decompose(joint, [PidMeasures.Broja], OnHost).Broja!;
        Assert.False(capped.Converged);
        Assert.Equal(2, capped.Iterations);
        Assert.True(Math.Abs(capped.S - full.S) <= capped.GapBits + full.GapBits + 1e-12,
            $"capped S {capped.S:R} ± {capped.GapBits:E2} misses {full.S:R}");
    }

    /// <summary>The batch is one launch, so its BROJA stage is reported whole: defined, then complete on return.</summary>
    [Fact]
    public void Progress_ReportsTheBatchAsOneCompletedStage()
    {
        var progress = new PidGpu.Progress.RunProgress();
        var joints = Enumerable.Range(0, 3).Select(i => HostPid.Dirichlet(new Random(60 + i), 3, 2, 2)).ToArray();
        new DiscretePidEngine(fixture.Device).Decompose(joints, [PidMeasures.Broja], OnDevice with { Progress = progress });
        var stage = Assert.Single(progress.Stages, s => s.Name == "BROJA");
        Assert.True(stage.Total > 0 && stage.Done == stage.Total, $"{stage.Done} of {stage.Total}");
    }

    [Fact]
    public void HostEngine_RefusesTheDevicePlacement()
    {
        var joint = HostPid.Dirichlet(new Random(1), 2, 2, 2);
        Assert.Throws<PidInputException>(() => DiscretePidEngine.Host.Decompose(joint, [PidMeasures.Broja], OnDevice));
    }

    BrojaOutcome[] SolveDirect(JointDistribution[] joints, int threads, long launchBudget = DeviceBrojaNewton.LaunchBudget)
    {
        var acc = fixture.Device.Accelerator;
        var shape = new ProblemShape(joints[0].N1, joints[0].N2, joints[0].NY);
        var marginals = joints.Select(HostInformation.Marginals).ToArray();
        using var p1 = acc.Allocate1D(marginals.SelectMany(m => m.P1).ToArray());
        using var p2 = acc.Allocate1D(marginals.SelectMany(m => m.P2).ToArray());
        double target = BrojaSettings.Default(1e-9).TargetGapNats;
        return DeviceBrojaNewton.Solve(acc, acc.DefaultStream, shape, joints, p1.View, p2.View, target, 500, threads, launchBudget);
    }

    static void AssertBracketSameOptimum(BrojaAtoms a, BrojaAtoms b, string label)
    {
        Assert.True(a.Converged, $"{label} device: gap {a.GapBits:E2} after {a.Iterations} steps");
        Assert.True(b.Converged, $"{label} host: gap {b.GapBits:E2}");
        Assert.True(a.GapBits >= 0 && a.GapBits <= 1e-9, $"{label}: device gap {a.GapBits:E2}");
        double tolerance = a.GapBits + b.GapBits + 1e-12;
        Assert.True(Math.Abs(a.S - b.S) <= tolerance, $"{label}: S {a.S:R} vs {b.S:R} (tolerance {tolerance:E2})");
        Assert.True(Math.Abs(a.U1 - b.U1) <= tolerance, $"{label}: U1 {a.U1:R} vs {b.U1:R}");
        Assert.True(Math.Abs(a.R - b.R) <= tolerance, $"{label}: R {a.R:R} vs {b.R:R}");
    }

    static InformationTerms Terms(JointDistribution joint)
    {
        var (p1, p2, py) = HostInformation.Marginals(joint);
        return HostInformation.Terms(joint, p1, p2, py);
    }

    static JointDistribution Joint(int n1, int n2, int ny, params (int X1, int X2, int Y, double P)[] cells)
    {
        var p = new double[n1 * n2 * ny];
        foreach (var c in cells) p[(c.X1 * n2 + c.X2) * ny + c.Y] = c.P;
        return new JointDistribution(n1, n2, ny, p, "degenerate");
    }
}

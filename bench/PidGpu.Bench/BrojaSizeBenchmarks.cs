using BenchmarkDotNet.Attributes;
using PidGpu.Device;
using PidGpu.Estimate;

namespace PidGpu.Bench;

/// <summary>
/// One BROJA problem per Decompose call: a random Dirichlet(1) joint of N×N×N cells (fixed seed per N), solved
/// to a certified gap of 1e-9 bits or <see cref="MaxIterations"/> iterations, whichever comes first. Kernels are
/// compiled in [GlobalSetup]; the iterations and gap of the measured solve are recorded in [GlobalCleanup].
/// One problem is one thread group: on the CPU accelerator it runs on a single core.
/// </summary>
[Config(typeof(SolverConfig))]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class BrojaSizeBenchmarks
{
    public const int Problems = 1;
    public const int Seed = 20_250_000;
    public const double TargetGapBits = 1e-9;
    public const int MaxIterations = 100_000;

    [Params(2, 4, 8, 16, 32)]
    public int N;

    /// <summary>Newton (host, the default) against the first-order scaling kernel it replaced.</summary>
    [ParamsSource(nameof(Solvers))]
    public BrojaSolverKind Solver;

    public static IEnumerable<BrojaSolverKind> Solvers => BenchSolvers.Selected();

    PidDevice device = null!;
    DiscretePidEngine engine = null!;
    JointDistribution[] joints = null!;
    BrojaAtoms? last;
    BrojaOptions options = null!;

    public static JointDistribution Problem(int n) => RandomJoints.Dirichlet(new Random(Seed + n), n, n, n);

    [GlobalSetup]
    public void Setup()
    {
        device = BenchDevice.Create();
        engine = new DiscretePidEngine(device);
        BenchDevice.WarmUp(engine, [PidMeasures.Broja]);
        joints = [Problem(N)];
        options = new(TargetGapBits, MaxIterations, Solver);
    }

    [Benchmark]
    public BrojaAtoms Solve() => last = engine.Decompose(joints, [PidMeasures.Broja], options)[0].Broja!;

    [GlobalCleanup]
    public void Cleanup()
    {
        if (last is not null)
            SolverStats.Record(SolverStats.Key($"{nameof(BrojaSizeBenchmarks)}.{nameof(Solve)}", (nameof(N), N), (nameof(Solver), Solver)), [last]);
        device.Dispose();
    }
}

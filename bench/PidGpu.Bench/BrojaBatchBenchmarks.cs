using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using PidGpu.Device;
using PidGpu.Estimate;

namespace PidGpu.Bench;

/// <summary>
/// 1 000 different Dirichlet(1) 8×8×8 problems (one seeded stream), target gap 1e-9 bits, at most
/// <see cref="MaxIterations"/> iterations each, all in one Decompose call: one kernel launch, one problem per
/// thread group, groups spread over the accelerator's multiprocessors (one per core on the CPU accelerator).
/// A batch takes minutes on a 2-core CPU, so each iteration is a single invocation (monitoring strategy) and
/// there is no separate warm-up beyond the kernel compile in [GlobalSetup].
/// </summary>
[Config(typeof(SolverConfig))]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 2)]
public class BrojaBatchBenchmarks
{
    public const int Problems = 1_000;
    public const int N = 8;
    public const int Seed = 20_250_100;
    public const double TargetGapBits = 1e-9;
    public const int MaxIterations = 100_000;

    PidDevice device = null!;
    DiscretePidEngine engine = null!;
    JointDistribution[] joints = null!;
    readonly MeteredBrojaBatch batch = new();
    BrojaOptions options = null!;

    /// <summary>Newton (host, problems side by side over the cores) against the batched first-order kernel.</summary>
    [ParamsSource(nameof(Solvers))]
    public BrojaSolverKind Solver;

    public static IEnumerable<BrojaSolverKind> Solvers => BenchSolvers.Selected();

    [GlobalSetup]
    public void Setup()
    {
        device = BenchDevice.Create();
        engine = new DiscretePidEngine(device);
        BenchDevice.WarmUp(engine, [PidMeasures.Broja]);
        joints = RandomJoints.DirichletBatch(Seed, Problems, N);
        options = new(TargetGapBits, MaxIterations, Solver);
    }

    [Benchmark]
    public IReadOnlyList<DiscreteDecomposition> Batched()
        => batch.Run(engine, joints, options);

    [GlobalCleanup]
    public void Cleanup()
    {
        batch.Record(SolverStats.Key($"{nameof(BrojaBatchBenchmarks)}.{nameof(Batched)}", (nameof(Solver), Solver)));
        device.Dispose();
    }
}

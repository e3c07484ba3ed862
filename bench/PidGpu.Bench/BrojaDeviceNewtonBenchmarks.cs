using BenchmarkDotNet.Attributes;
using PidGpu.Device;
using PidGpu.Estimate;

namespace PidGpu.Bench;

/// <summary>
/// Batched 8×8×8 BROJA problems per second with the interior-point (Newton) solver: the batched kernel on the
/// accelerator (one thread group per problem, <see cref="BrojaNewtonPlacement.Device"/>) against the host solver
/// (problems side by side over the cores, <see cref="BrojaNewtonPlacement.Host"/>), the same seeded problems and target
/// (1e-9 bits, certified the same way). Problems per second = 1 / the "Per problem" column. On the CPU accelerator the
/// kernel runs one thread per group and is expected to lose to the host solver (which is why the engine uses the host
/// there); the figure that matters is on a GPU (<c>PIDGPU_BENCH_DEVICE=cuda</c>).
/// </summary>
[Config(typeof(SolverInProcessConfig))]
public class BrojaDeviceNewtonBenchmarks
{
    public const int Problems = 100;
    public const int N = 8;
    public const int Seed = 20_261_207;

    PidDevice device = null!;
    DiscretePidEngine engine = null!;
    JointDistribution[] joints = null!;
    BrojaOptions options = null!;
    readonly MeteredBrojaBatch batch = new();

    [Params(BrojaNewtonPlacement.Device, BrojaNewtonPlacement.Host)]
    public BrojaNewtonPlacement Placement;

    [GlobalSetup]
    public void Setup()
    {
        device = BenchDevice.Create();
        engine = new DiscretePidEngine(device);
        options = new BrojaOptions(1e-9, 500) { NewtonPlacement = Placement };
        var rng = new Random(1);
        engine.Decompose([RandomJoints.Dirichlet(rng, 2, 2, 2), RandomJoints.Dirichlet(rng, 2, 2, 2)], [PidMeasures.Broja], options); // compiles the kernel
        joints = RandomJoints.DirichletBatch(Seed, Problems, N);
    }

    [Benchmark]
    public IReadOnlyList<DiscreteDecomposition> Batched()
        => batch.Run(engine, joints, options);

    [GlobalCleanup]
    public void Cleanup()
    {
        batch.Record(SolverStats.Key($"{nameof(BrojaDeviceNewtonBenchmarks)}.{nameof(Batched)}", (nameof(Placement), Placement)));
        device.Dispose();
    }
}

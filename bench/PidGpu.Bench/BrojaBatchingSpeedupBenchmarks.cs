using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using PidGpu.Device;
using PidGpu.Estimate;

namespace PidGpu.Bench;

/// <summary>
/// Does batching pay? The first <see cref="Problems"/> problems of <see cref="BrojaBatchBenchmarks"/> (same seed,
/// same 8×8×8 shape and solver settings), solved in one Decompose call (<see cref="Batched"/>) and with one
/// Decompose call per problem (<see cref="OneAtATime"/>). Both do exactly the same solver iterations, so the
/// ratio is the batching speed-up (on the CPU accelerator: the use of more than one core).
/// </summary>
[Config(typeof(SolverConfig))]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 3)]
public class BrojaBatchingSpeedupBenchmarks
{
    public const int Problems = 100;

    PidDevice device = null!;
    DiscretePidEngine engine = null!;
    JointDistribution[] joints = null!;
    IReadOnlyList<BrojaAtoms>? lastBatched, lastSingle;
    double cpuBatched = double.NaN, cpuSingle = double.NaN;
    readonly BrojaOptions options = new(BrojaBatchBenchmarks.TargetGapBits, BrojaBatchBenchmarks.MaxIterations);

    [GlobalSetup]
    public void Setup()
    {
        device = BenchDevice.Create();
        engine = new DiscretePidEngine(device);
        BenchDevice.WarmUp(engine, [PidMeasures.Broja]);
        joints = RandomJoints.DirichletBatch(BrojaBatchBenchmarks.Seed, BrojaBatchBenchmarks.Problems, BrojaBatchBenchmarks.N)[..Problems];
    }

    [Benchmark(Baseline = true)]
    public IReadOnlyList<BrojaAtoms> Batched()
    {
        var meter = CpuMeter.Start();
        lastBatched = engine.Decompose(joints, [PidMeasures.Broja], options).Select(d => d.Broja!).ToArray();
        cpuBatched = meter.CpuPerWall();
        return lastBatched;
    }

    [Benchmark]
    public IReadOnlyList<BrojaAtoms> OneAtATime()
    {
        var meter = CpuMeter.Start();
        lastSingle = joints.Select(j => engine.Decompose(j, [PidMeasures.Broja], options).Broja!).ToArray();
        cpuSingle = meter.CpuPerWall();
        return lastSingle;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        const string type = nameof(BrojaBatchingSpeedupBenchmarks);
        if (lastBatched is not null) SolverStats.Record(SolverStats.Key($"{type}.{nameof(Batched)}"), lastBatched, cpuBatched);
        if (lastSingle is not null) SolverStats.Record(SolverStats.Key($"{type}.{nameof(OneAtATime)}"), lastSingle, cpuSingle);
        device.Dispose();
    }
}

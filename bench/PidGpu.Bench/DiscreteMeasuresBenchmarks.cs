using BenchmarkDotNet.Attributes;
using PidGpu.Device;
using PidGpu.Estimate;

namespace PidGpu.Bench;

/// <summary>
/// The closed-form measures on a batch of 1 000 Dirichlet(1) 8×8×8 problems in one Decompose call:
/// I_min and MMI together (marginals, information terms, I_min kernel), and MMI alone (marginals and
/// information terms only). Kernels are compiled in [GlobalSetup].
/// </summary>
[Config(typeof(PerProblemConfig))]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class DiscreteMeasuresBenchmarks
{
    public const int Problems = 1_000;
    public const int N = 8;
    public const int Seed = 20_250_200;

    PidDevice device = null!;
    DiscretePidEngine engine = null!;
    JointDistribution[] joints = null!;

    [GlobalSetup]
    public void Setup()
    {
        device = BenchDevice.Create();
        engine = new DiscretePidEngine(device);
        BenchDevice.WarmUp(engine, [PidMeasures.IMin, PidMeasures.Mmi]);
        joints = RandomJoints.DirichletBatch(Seed, Problems, N);
    }

    [Benchmark(Baseline = true)]
    public IReadOnlyList<DiscreteDecomposition> IMinAndMmi() => engine.Decompose(joints, [PidMeasures.IMin, PidMeasures.Mmi]);

    [Benchmark]
    public IReadOnlyList<DiscreteDecomposition> MmiOnly() => engine.Decompose(joints, [PidMeasures.Mmi]);

    [GlobalCleanup]
    public void Cleanup() => device.Dispose();
}

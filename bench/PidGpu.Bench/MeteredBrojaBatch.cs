using PidGpu.Estimate;

namespace PidGpu.Bench;

/// <summary>
/// One timed BROJA batch of a benchmark: the decomposition with the CPU time per wall second it took, kept from the
/// last invocation so that [GlobalCleanup] records the solver statistics (<see cref="SolverStats"/>) once.
/// </summary>
public sealed class MeteredBrojaBatch
{
    IReadOnlyList<DiscreteDecomposition>? last;
    double lastCpuPerWall = double.NaN;

    public IReadOnlyList<DiscreteDecomposition> Run(DiscretePidEngine engine, JointDistribution[] joints, BrojaOptions options)
    {
        var meter = CpuMeter.Start();
        last = engine.Decompose(joints, [PidMeasures.Broja], options);
        lastCpuPerWall = meter.CpuPerWall();
        return last;
    }

    /// <summary>Records the last batch's statistics under <paramref name="key"/> (nothing if none ran).</summary>
    public void Record(string key)
    {
        if (last is not null) SolverStats.Record(key, last.Select(d => d.Broja!).ToArray(), lastCpuPerWall);
    }
}

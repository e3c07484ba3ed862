using BenchmarkDotNet.Configs;

namespace PidGpu.Bench;

/// <summary>The solver columns of <see cref="SolverConfig"/> on the short in-process job of <see cref="ShortInProcessConfig"/>:
/// for batches of seconds on a shared machine.</summary>
public sealed class SolverInProcessConfig : ManualConfig
{
    public SolverInProcessConfig()
    {
        Add(new SolverConfig());
        Add(new ShortInProcessConfig());
    }
}

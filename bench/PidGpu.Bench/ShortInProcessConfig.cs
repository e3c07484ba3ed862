using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace PidGpu.Bench;

/// <summary>One launch, one warm-up, three measured iterations, in this process (no generated project to build): for
/// operations of seconds on a shared machine, where BenchmarkDotNet's defaults would run for many minutes.</summary>
public sealed class ShortInProcessConfig : ManualConfig
{
    public ShortInProcessConfig()
    {
        AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3).WithToolchain(InProcessEmitToolchain.Instance));
    }
}

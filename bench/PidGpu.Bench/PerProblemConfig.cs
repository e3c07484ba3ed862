using BenchmarkDotNet.Configs;

namespace PidGpu.Bench;

/// <summary>Per-problem time only (measures without an iterative solver).</summary>
public sealed class PerProblemConfig : ManualConfig
{
    public PerProblemConfig()
    {
        AddColumn(new PerProblemColumn());
    }
}

using BenchmarkDotNet.Configs;

namespace PidGpu.Bench;

/// <summary>Columns shared by the solver benchmarks: per-problem and per-iteration time and the solver statistics.</summary>
public sealed class SolverConfig : ManualConfig
{
    public SolverConfig()
    {
        AddColumn(new PerProblemColumn(), new PerIterationColumn(), SolverStatsColumn.Iterations, SolverStatsColumn.Gap, SolverStatsColumn.Converged, SolverStatsColumn.CpuPerWall);
    }
}

/// <summary>Per-problem time only (measures without an iterative solver).</summary>
public sealed class PerProblemConfig : ManualConfig
{
    public PerProblemConfig()
    {
        AddColumn(new PerProblemColumn());
    }
}

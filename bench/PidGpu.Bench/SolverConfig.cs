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

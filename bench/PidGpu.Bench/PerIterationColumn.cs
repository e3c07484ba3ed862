using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace PidGpu.Bench;

/// <summary>Mean time divided by the total solver iterations of all problems in one invocation.</summary>
public sealed class PerIterationColumn() : CustomColumn(nameof(PerIterationColumn), "Per iteration",
    "Mean / BROJA iterations summed over the problems of one invocation", priority: 2, UnitType.Time)
{
    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var entry = SolverStatsColumn.Find(benchmarkCase);
        var stats = summary[benchmarkCase]?.ResultStatistics;
        if (entry is null || stats is null || entry.TotalIterations <= 0) return "?";
        return PerProblemColumn.Format(stats.Mean / entry.TotalIterations);
    }
}

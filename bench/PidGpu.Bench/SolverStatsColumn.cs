using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace PidGpu.Bench;

/// <summary>A column from the <see cref="SolverStats"/> that the benchmark's [GlobalCleanup] recorded.</summary>
public sealed class SolverStatsColumn(string name, string legend, Func<SolverStats.Entry, string> pick)
    : CustomColumn(nameof(SolverStatsColumn) + "." + name, name, legend, priority: 1, UnitType.Dimensionless)
{
    public static readonly SolverStatsColumn Iterations = new("Iterations", "BROJA outer iterations (min/median/max over a batch)", e => e.Iterations);
    public static readonly SolverStatsColumn Gap = new("Gap [bits]", "Certified duality gap in bits (worst over a batch)", e => e.GapBits);
    public static readonly SolverStatsColumn Converged = new("Converged", "Target gap reached (count over a batch)", e => e.Converged);
    public static readonly SolverStatsColumn CpuPerWall = new("CPU/wall", "Process CPU time / wall time of the last invocation (2 = both cores of a 2-core machine busy)", e => e.CpuPerWall);

    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var entry = Find(benchmarkCase);
        return entry is null ? "?" : pick(entry);
    }

    /// <summary>The statistics recorded for this case (class, method and parameter values), if any.</summary>
    public static SolverStats.Entry? Find(BenchmarkCase benchmarkCase) =>
        SolverStats.Read(SolverStats.Key(benchmarkCase.Descriptor.Type.Name + "." + benchmarkCase.Descriptor.WorkloadMethod.Name,
            benchmarkCase.Parameters.Items.Select(p => (p.Name, p.Value)).ToArray()));
}

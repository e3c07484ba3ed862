using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace PidGpu.Bench;

/// <summary>Mean time divided by the benchmark class's public const <c>Problems</c> (problems per invocation).</summary>
public sealed class PerProblemColumn : IColumn
{
    public string Id => nameof(PerProblemColumn);
    public string ColumnName => "Per problem";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Time;
    public string Legend => "Mean / problems solved per invocation";
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var field = benchmarkCase.Descriptor.Type.GetField("Problems", BindingFlags.Public | BindingFlags.Static);
        var stats = summary[benchmarkCase]?.ResultStatistics;
        if (field?.GetValue(null) is not int problems || stats is null) return "-";
        return Format(stats.Mean / problems);
    }

    /// <summary>Nanoseconds in the largest unit that keeps the value ≥ 1.</summary>
    public static string Format(double ns)
    {
        var (value, unit) = ns switch
        {
            >= 1e9 => (ns / 1e9, "s"),
            >= 1e6 => (ns / 1e6, "ms"),
            >= 1e3 => (ns / 1e3, "us"),
            _ => (ns, "ns"),
        };
        return value.ToString("N3", CultureInfo.InvariantCulture) + " " + unit;
    }
}

/// <summary>Mean time divided by the total solver iterations of all problems in one invocation.</summary>
public sealed class PerIterationColumn : IColumn
{
    public string Id => nameof(PerIterationColumn);
    public string ColumnName => "Per iteration";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 2;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Time;
    public string Legend => "Mean / BROJA iterations summed over the problems of one invocation";
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var entry = SolverStatsColumn.Find(benchmarkCase);
        var stats = summary[benchmarkCase]?.ResultStatistics;
        if (entry is null || stats is null || entry.TotalIterations <= 0) return "?";
        return PerProblemColumn.Format(stats.Mean / entry.TotalIterations);
    }
}

/// <summary>A column from the <see cref="SolverStats"/> that the benchmark's [GlobalCleanup] recorded.</summary>
public sealed class SolverStatsColumn(string name, string legend, Func<SolverStats.Entry, string> pick) : IColumn
{
    public static readonly SolverStatsColumn Iterations = new("Iterations", "BROJA outer iterations (min/median/max over a batch)", e => e.Iterations);
    public static readonly SolverStatsColumn Gap = new("Gap [bits]", "Certified duality gap in bits (worst over a batch)", e => e.GapBits);
    public static readonly SolverStatsColumn Converged = new("Converged", "Target gap reached (count over a batch)", e => e.Converged);
    public static readonly SolverStatsColumn CpuPerWall = new("CPU/wall", "Process CPU time / wall time of the last invocation (2 = both cores of a 2-core machine busy)", e => e.CpuPerWall);

    public string Id => nameof(SolverStatsColumn) + "." + name;
    public string ColumnName => name;
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 1;
    public bool IsNumeric => false;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => legend;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var entry = Find(benchmarkCase);
        return entry is null ? "?" : pick(entry);
    }

    /// <summary>The statistics recorded for this case (class, method and parameter values), if any.</summary>
    public static SolverStats.Entry? Find(BenchmarkCase benchmarkCase) =>
        SolverStats.Read(SolverStats.Key(benchmarkCase.Descriptor.Type.Name + "." + benchmarkCase.Descriptor.WorkloadMethod.Name,
            benchmarkCase.Parameters.Items.Select(p => (p.Name, p.Value)).ToArray()));
}

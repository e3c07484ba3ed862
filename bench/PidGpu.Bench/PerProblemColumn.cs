using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace PidGpu.Bench;

/// <summary>Mean time divided by the benchmark class's public const <c>Problems</c> (problems per invocation).</summary>
public sealed class PerProblemColumn() : CustomColumn(nameof(PerProblemColumn), "Per problem",
    "Mean / problems solved per invocation", priority: 0, UnitType.Time)
{
    public override string GetValue(Summary summary, BenchmarkCase benchmarkCase)
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

using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace PidGpu.Bench;

/// <summary>What every PidGpu column says the same way to BenchmarkDotNet; a column only names itself and computes its cell.</summary>
public abstract class CustomColumn(string id, string name, string legend, int priority, UnitType unit) : IColumn
{
    public string Id => id;
    public string ColumnName => name;
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => priority;
    public bool IsNumeric => unit != UnitType.Dimensionless;
    public UnitType UnitType => unit;
    public string Legend => legend;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    /// <summary>The cell of <paramref name="benchmarkCase"/>.</summary>
    public abstract string GetValue(Summary summary, BenchmarkCase benchmarkCase);
}

using PidGpu.Estimate;
using PidGpu.Formats;
using PidGpu.Report;

namespace PidGpu.Runs;

/// <summary>One table's decomposition, with what was decomposed and where.</summary>
public sealed record DiscreteRunResult(InputDescription Input, string Device, DiscreteDecomposition Result, double TargetGapBits)
    : IDecompositionResult
{
    public void WriteTable(TextWriter writer) => ResultTable.Write(writer, Result);

    public string ToJson() => DecompositionJson.Serialize(Input, Device, Result);

    public MissedTarget? Missed => Result.Broja is { Converged: false } b ? MissedTarget.Of("BROJA", [b], TargetGapBits) : null;
}

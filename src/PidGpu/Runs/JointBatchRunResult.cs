using PidGpu.Estimate;
using PidGpu.Formats;
using PidGpu.Report;

namespace PidGpu.Runs;

/// <summary>A batch of tables decomposed side by side, in input order, with the batch's wall time.</summary>
public sealed record JointBatchRunResult(InputDescription Input, string Device, IReadOnlyList<DiscreteDecomposition> Results,
    double TotalSeconds, double TargetGapBits) : IDecompositionResult
{
    /// <summary>Batches up to this size print every table; larger ones only the timing line.</summary>
    public const int TablesShown = 10;

    public void WriteTable(TextWriter writer)
    {
        writer.WriteLine($"{Results.Count} problems solved in {TotalSeconds:F3} s ({TotalSeconds / Results.Count * 1e3:F3} ms each)");
        if (Results.Count <= TablesShown)
            foreach (var r in Results) ResultTable.Write(writer, r);
    }

    public string ToJson() => DecompositionJson.SerializeBatch(Input, Device, Results, TotalSeconds);

    public MissedTarget? Missed =>
        MissedTarget.Of("BROJA", Results.Where(r => r.Broja is { Converged: false }).Select(r => (Estimate.ICertifiedAtoms)r.Broja!).ToArray(), TargetGapBits);
}

using PidGpu.Formats;
using PidGpu.Estimate;
using PidGpu.Report;

namespace PidGpu.Runs;

/// <summary>The Gaussian PID of one covariance (streamed from matrices, or given): MMI and/or ~G-PID.</summary>
/// <param name="SolveSeconds">Time of the solves alone (no start-up, reading or covariance accumulation).</param>
public sealed record GaussianRunResult(GaussianInputDescription Input, GaussianOptions Options, string Device, PidAtoms? Mmi,
    GpidAtoms? Gpid, double SolveSeconds) : IDecompositionResult
{
    public void WriteTable(TextWriter writer) => ResultTable.Write(writer, Mmi, Gpid);

    public string ToJson() => GaussianResultJson.Serialize(Input, Options, Device, Mmi, Gpid, SolveSeconds);

    public MissedTarget? Missed => Gpid is { Converged: false } g ? MissedTarget.Of(PidMeasures.Broja.GaussianName!, [g], Options.TargetGapBits) : null;
}

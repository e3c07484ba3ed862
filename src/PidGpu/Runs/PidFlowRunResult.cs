using PidGpu.Formats;
using PidGpu.Pipeline;
using PidGpu.Report;

namespace PidGpu.Runs;

/// <summary>A PID Flow run on matrices (<see cref="PidFlow"/>), with the request it ran and the matrices it read.</summary>
public sealed record PidFlowRunResult(MatrixColumns Matrices, GaussianRequest Request, string Device, PidFlowResult Result)
    : IDecompositionResult
{
    public void WriteTable(TextWriter writer)
    {
        ResultTable.Write(writer, Result.Mmi?.Atoms, (Estimate.GpidAtoms?)Result.Gpid?.Atoms);
        UncertaintyTable.Write(writer, "mmi", Result.Mmi);
        UncertaintyTable.Write(writer, "gpid", Result.Gpid);
    }

    public string ToJson() => PidFlowJson.Serialize(Matrices, Request, Device, Result);

    public MissedTarget? Missed => Result.Gpid?.Atoms is Estimate.GpidAtoms { Converged: false } g
        ? MissedTarget.Of("gpid", [g], Request.Options.TargetGapBits)
        : null;
}

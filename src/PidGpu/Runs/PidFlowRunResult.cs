using PidGpu.Formats;
using PidGpu.Pipeline;
using PidGpu.Report;
using PidGpu.Estimate;

namespace PidGpu.Runs;

/// <summary>A PID Flow run on matrices (<see cref="PidFlow"/>), with the request it ran and the matrices it read.</summary>
public sealed record PidFlowRunResult(MatrixColumns Matrices, GaussianRequest Request, string Device, PidFlowResult Result)
    : IDecompositionResult
{
    public void WriteTable(TextWriter writer)
    {
        ResultTable.Write(writer, Result.Mmi?.Atoms, (Estimate.GpidAtoms?)Result.Gpid?.Atoms);
        UncertaintyTable.Write(writer, PidMeasures.Mmi.GaussianName!, Result.Mmi);
        UncertaintyTable.Write(writer, PidMeasures.Broja.GaussianName!, Result.Gpid);
    }

    public string ToJson() => PidFlowJson.Serialize(Matrices, Request, Device, Result);

    public MissedTarget? Missed => Result.Gpid?.Atoms is Estimate.GpidAtoms { Converged: false } g
        ? MissedTarget.Of(PidMeasures.Broja.GaussianName!, [g], Request.Options.TargetGapBits)
        : null;
}

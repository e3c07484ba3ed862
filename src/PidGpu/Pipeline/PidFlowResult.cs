using PidGpu.Gaussianize;
using PidGpu.Reduce;

namespace PidGpu.Pipeline;

/// <summary>
/// What <see cref="PidFlow"/> did and found. <see cref="Variables"/> hold the reduced (pre-Gaussianization) data of every
/// kept row; <see cref="EvaluatedRows"/> of them (all, unless a learned Gaussianizer held out <see cref="FitRows"/>)
/// entered the estimate.
/// </summary>
public sealed record PidFlowResult(long InputRows, long DroppedRows, int FitRows, int EvaluatedRows,
    IReadOnlyList<ReducedVariable> Variables, IReadOnlyList<GaussianizeReport> Gaussianization,
    GaussianEstimate? Mmi, GaussianEstimate? Gpid)
{
    /// <summary>Time per stage: PCA, Gaussianization, estimation (with any resampling).</summary>
    public PidFlowTimings Timings { get; init; } = PidFlowTimings.Zero;
}

namespace PidGpu.Pipeline;

/// <summary>What <see cref="ResidentPidFlow"/> found for one set of X1, X2, Y: the atoms (with intervals and nulls when
/// resampled) and each variable's reduction.</summary>
public sealed record ResidentFlowResult(int Rows, IReadOnlyList<ResidentVariable> Variables, GaussianEstimate? Mmi, GaussianEstimate? Gpid)
{
    /// <summary>Time per stage: upload and PCA, Gaussianization, estimation (with any resampling).</summary>
    public PidFlowTimings Timings { get; init; } = PidFlowTimings.Zero;
}

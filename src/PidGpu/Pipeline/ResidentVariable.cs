namespace PidGpu.Pipeline;

/// <summary>One variable of a <see cref="ResidentPidFlow"/> run: its columns before and after PCA and, when it was reduced,
/// the eigenvalues kept, the correlation trace and the device subspace iteration's record (no N- or d-sized arrays: those
/// stayed on the device).</summary>
public sealed record ResidentVariable(string Name, string Source, int InputColumns, int Columns, double[]? Eigenvalues,
    double Trace, double Residual, int Iterations, bool Converged)
{
    /// <summary>Share of the standardised variance in the kept components (1 when not reduced).</summary>
    public double ExplainedVarianceRatio => Eigenvalues is null ? 1 : Eigenvalues.Sum() / Trace;
}

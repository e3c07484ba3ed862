namespace PidGpu.Uncertainty;

/// <summary>Bootstrap summary of one atom, in bits.</summary>
/// <param name="Estimate">The full-sample value.</param>
/// <param name="Lower">The lower percentile of the replicates (type-7 linear interpolation, as numpy's default).</param>
/// <param name="Upper">The upper percentile of the replicates.</param>
/// <param name="Mean">Mean over the replicates.</param>
/// <param name="StandardError">Standard deviation over the replicates (divisor B − 1; 0 when B = 1).</param>
public sealed record AtomInterval(double Estimate, double Lower, double Upper, double Mean, double StandardError);

namespace PidGpu.Pipeline;

/// <summary>Wall seconds of <see cref="PidFlow"/>'s stages (device work included: each stage ends with its results on the host).</summary>
public sealed record PidFlowTimings(double ReduceSeconds, double GaussianizeSeconds, double EstimateSeconds)
{
    public static PidFlowTimings Zero { get; } = new(0, 0, 0);

    public double TotalSeconds => ReduceSeconds + GaussianizeSeconds + EstimateSeconds;
}

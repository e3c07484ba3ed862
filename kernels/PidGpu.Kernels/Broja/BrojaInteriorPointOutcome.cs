namespace PidGpu.Kernels.Broja;

/// <summary>
/// Per-problem result of <see cref="BrojaInteriorPoint"/>. The kernel's own numbers are not a certificate: the
/// iterate it leaves in the iterate view is certified afterwards (exact rounding onto Δ_P for the primal value, the
/// strictly feasible dual point for the bound).
/// </summary>
public struct BrojaInteriorPointOutcome
{
    /// <summary>The complementarity fell below its stop (<see cref="BrojaInteriorPointSettings.StopFraction"/> × target).</summary>
    public const int Reached = 0;
    /// <summary>No step could move the point any more (double precision exhausted, or a singular system).</summary>
    public const int Stalled = 1;
    /// <summary><see cref="BrojaInteriorPointSettings.MaxSteps"/> Newton systems were solved first.</summary>
    public const int StepCap = 2;

    /// <summary>One of <see cref="Reached"/>, <see cref="Stalled"/>, <see cref="StepCap"/>.</summary>
    public int Status;
    /// <summary>Newton systems solved.</summary>
    public int Steps;
    /// <summary>Σ z (−g) at the last iterate (nats).</summary>
    public double Complementarity;
    /// <summary>Σ λ p(x1,y) + Σ μ p(x2,y) at the last iterate (nats), as the device computed it.</summary>
    public double DualValue;
}

namespace PidGpu.Kernels.Gaussian;

/// <summary>Per-problem result of <see cref="GaussianPidCore"/>; all information values in nats.</summary>
public struct GaussianPidOutcome
{
    /// <summary>A <see cref="GaussianStatus"/> value; the other fields are meaningless unless it is Ok.</summary>
    public int Status;
    /// <summary>I(Y; X1).</summary>
    public double I1;
    /// <summary>I(Y; X2).</summary>
    public double I2;
    /// <summary>I(Y; X1, X2) under the given covariance.</summary>
    public double I12;
    /// <summary>I_Q(Y; X1, X2) with X1 ⟂ X2 | Y (Σ = 0); set only when the ~G-PID problem is solved.</summary>
    public double Independent;
    /// <summary>min over Gaussian Q ∈ Δ_P of I_Q(Y; X1, X2) (the union information), at the returned iterate.</summary>
    public double Union;
    /// <summary>Frank–Wolfe gap ⟨∇f, Σ⟩ + r‖∇f‖_* at the returned iterate: an upper bound on f(Σ) − min over the r-ball.</summary>
    public double FrankWolfeGap;
    /// <summary>
    /// Certified bound on Union − true minimum: Union minus the best lower bound, max(I1, I2) or the best
    /// Frank–Wolfe bound over the checked iterates corrected for the boundary margin.
    /// </summary>
    public double Gap;
    /// <summary>Frobenius norm of the last accepted step.</summary>
    public double StepNorm;
    /// <summary>Objective decrease of the last accepted step.</summary>
    public double ObjectiveChange;
    public int Iterations;
    /// <summary>1 when Gap reached the target.</summary>
    public int Converged;
    /// <summary>A <see cref="GaussianStop"/> value.</summary>
    public int Stop;
}

namespace PidGpu.Kernels.Gaussian;

/// <summary>Settings of <see cref="GaussianPidCore"/>. Information quantities are in nats inside the solver.</summary>
public struct GaussianPidSettings
{
    /// <summary>Relative ridge: each block's diagonal gets Ridge × the mean of that block's diagonal added (0 = none).</summary>
    public double Ridge;
    /// <summary>0: mutual informations only (enough for MMI); 1: also solve the Gaussian BROJA problem.</summary>
    public int SolveBroja;
    /// <summary>Stop once the certified optimality gap is at most this (nats).</summary>
    public double TargetGapNats;
    public int MaxIterations;
    /// <summary>Iterations between certificates (each costs an SVD of the gradient).</summary>
    public int CheckEvery;
    /// <summary>
    /// The iterate is kept in the spectral-norm ball of radius 1 − BoundaryMargin so that I − ΣΣᵀ stays invertible;
    /// by convexity this costs at most BoundaryMargin·(f(0) − f*), which the certificate includes.
    /// </summary>
    public double BoundaryMargin;

    public static GaussianPidSettings Default(bool solveBroja, double ridge = 0, double targetGapBits = 1e-8, int maxIterations = 20_000) => new()
    {
        Ridge = ridge,
        SolveBroja = solveBroja ? 1 : 0,
        TargetGapNats = targetGapBits / GaussianPidCore.Log2E,
        MaxIterations = maxIterations,
        CheckEvery = 5,
        BoundaryMargin = 1e-10,
    };
}

/// <summary>Why a problem could not be decomposed (the host turns this into a message naming the block).</summary>
public enum GaussianStatus
{
    Ok = 0,
    /// <summary>Σ_Y is not positive definite.</summary>
    TargetSingular = 1,
    /// <summary>Σ_{X1|Y} is not positive definite: X1 is singular or (nearly) a linear function of Y.</summary>
    Source1Singular = 2,
    /// <summary>Σ_{X2|Y} is not positive definite.</summary>
    Source2Singular = 3,
    /// <summary>The full covariance is not positive definite (X1 and X2 are jointly degenerate given Y).</summary>
    JointSingular = 4,
}

/// <summary>Why the ~G-PID solver stopped.</summary>
public enum GaussianStop
{
    /// <summary>The certified gap reached the target.</summary>
    Certified = 0,
    /// <summary>MaxIterations reached.</summary>
    IterationLimit = 1,
    /// <summary>
    /// No further decrease is representable in double precision (or the projected gradient vanished) while the
    /// certificate is still above target: typical of optima on the boundary ‖Σ‖₂ = 1, where f's curvature is
    /// ~1/BoundaryMargin and the first-order certificate closes more slowly than f itself.
    /// </summary>
    Stalled = 2,
}

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

namespace PidGpu.Kernels;

/// <summary>Settings of the BROJA solver. Tolerances are in nats, as the kernel works in natural logs.</summary>
public struct BrojaSettings
{
    /// <summary>Stop when primal minus dual is at most this (nats).</summary>
    public double TargetGapNats;
    public int MaxIterations;
    /// <summary>Iterations between certificates (each costs about two iterations).</summary>
    public int CheckEvery;
    /// <summary>Over-relaxation of the cell step, in [1, 2). Falls back to 1 if the objective ever rises.</summary>
    public double Relaxation;

    public static BrojaSettings Default(double targetGapBits = 1e-9, int maxIterations = 1_000_000) => new()
    {
        TargetGapNats = targetGapBits / InformationTermsKernel.Log2E,
        MaxIterations = maxIterations,
        CheckEvery = 10,
        Relaxation = 1.8,
    };
}

/// <summary>Per-problem result of the BROJA solver.</summary>
public struct BrojaOutcome
{
    /// <summary>f(Q) = Σ q log(q / q(x1,x2)) = −H_Q(Y | X1, X2) at the certified, exactly feasible Q (nats).</summary>
    public double Primal;
    /// <summary>A dual lower bound on min f over Δ_P (nats).</summary>
    public double Dual;
    /// <summary>Primal − Dual (nats): the optimisation error is at most this.</summary>
    public double Gap;
    public int Iterations;
    /// <summary>1 when Gap reached the target.</summary>
    public int Converged;
    /// <summary>Relaxation in use (internal state, reported for diagnostics).</summary>
    public double Relaxation;
}

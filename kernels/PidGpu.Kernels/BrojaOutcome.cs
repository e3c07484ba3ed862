namespace PidGpu.Kernels;

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

namespace PidGpu.Estimators;

/// <summary>The algorithm that solves BROJA's convex problem. Both report a certified gap.</summary>
public enum BrojaSolverKind
{
    /// <summary>Log-barrier method with Newton steps on the dual, on the host (quadratic convergence; the default).</summary>
    Newton,
    /// <summary>Alternating divergence minimisation (first order), batched on the device, one group per problem.</summary>
    Scaling,
}

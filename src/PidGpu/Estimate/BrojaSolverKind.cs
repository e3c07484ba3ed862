namespace PidGpu.Estimate;

/// <summary>The algorithm that solves BROJA's convex problem. Both report a certified gap.</summary>
public enum BrojaSolverKind
{
    /// <summary>Primal–dual interior point with Newton steps on the dual (quadratic convergence; the default): on the host,
    /// or batched on a GPU (<see cref="BrojaOptions.NewtonPlacement"/>).</summary>
    Newton,
    /// <summary>Alternating divergence minimisation (first order), batched on the device, one group per problem.</summary>
    Scaling,
}

namespace PidGpu.Estimate;

/// <summary>Settings of the BROJA convex optimisation.</summary>
/// <param name="TargetGapBits">Stop once the certified optimality gap is at most this many bits.</param>
/// <param name="MaxIterations">Give up (Converged = false) after this many iterations (Newton steps for
/// <see cref="BrojaSolverKind.Newton"/>, which needs tens to a few hundred; scaling sweeps for
/// <see cref="BrojaSolverKind.Scaling"/>, which can need hundreds of thousands on near-degenerate joints).</param>
/// <param name="Solver">Which algorithm solves the problem; both certify their result the same way.</param>
public sealed record BrojaOptions(double TargetGapBits = PidDefaults.BrojaTargetGapBits, int MaxIterations = PidDefaults.BrojaMaxIterations,
    BrojaSolverKind Solver = BrojaSolverKind.Newton)
{
    /// <summary>Stops the Newton solver between steps (it throws <see cref="OperationCanceledException"/>).</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>Where the Newton solver runs on an engine with an accelerator (by default the batched kernel on a GPU, the
    /// host solver otherwise).</summary>
    public BrojaNewtonPlacement NewtonPlacement { get; init; }

    /// <summary>Where the Newton solver reports its centrings (stage "BROJA"), for a rate and an ETA; null for none.</summary>
    public PidGpu.Progress.RunProgress? Progress { get; init; }
}

using PidGpu.Pid;

namespace PidGpu.Estimators;

/// <summary>The decompositions of one joint distribution under each requested measure (null where not requested).</summary>
public sealed record DiscreteDecomposition(PidAtoms? IMin, PidAtoms? Mmi, BrojaAtoms? Broja);

/// <summary>Settings of the BROJA convex optimisation.</summary>
/// <param name="TargetGapBits">Stop once the certified optimality gap is at most this many bits.</param>
/// <param name="MaxIterations">Give up (Converged = false) after this many outer iterations.</param>
/// <remarks>The iteration cap is generous because small problems iterate in microseconds; near-degenerate joints
/// (e.g. noisy XOR, whose optima form an almost flat valley) can need hundreds of thousands of iterations.</remarks>
public sealed record BrojaOptions(double TargetGapBits = 1e-9, int MaxIterations = 1_000_000);

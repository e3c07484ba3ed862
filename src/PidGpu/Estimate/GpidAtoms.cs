namespace PidGpu.Estimate;

/// <summary>~G-PID atoms (bits) plus the convergence record of the optimisation that produced them.</summary>
/// <param name="GapBits">
/// Certified bound on (computed − exact) union information, in bits: the Frank–Wolfe gap plus the boundary-margin
/// term. Each atom is within this of its exact ~G-PID value.
/// </param>
/// <param name="FrankWolfeGapBits">⟨∇f, Σ⟩ + r‖∇f‖_* at the final iterate (bits): zero exactly at the optimum.</param>
/// <param name="StepNorm">Frobenius norm of the last accepted step in Σ (dimensionless, ‖Σ‖₂ ≤ 1).</param>
/// <param name="ObjectiveChangeBits">Decrease of the union information on the last accepted step (bits).</param>
/// <param name="Iterations">Projected-gradient steps taken.</param>
/// <param name="Converged">True when <paramref name="GapBits"/> reached the requested tolerance.</param>
public sealed record GpidAtoms(double R, double U1, double U2, double S, double I,
    double GapBits, double FrankWolfeGapBits, double StepNorm, double ObjectiveChangeBits, int Iterations, bool Converged)
    : PidAtoms(R, U1, U2, S, I), ICertifiedAtoms;

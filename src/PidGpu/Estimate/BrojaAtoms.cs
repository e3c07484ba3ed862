namespace PidGpu.Estimate;

/// <summary>BROJA atoms plus the certificate of the convex optimisation that produced them.</summary>
/// <param name="GapBits">Primal value minus a dual lower bound, in bits: the optimisation error is at most this.</param>
/// <param name="Iterations">Outer iterations the solver ran.</param>
/// <param name="Converged">True when <paramref name="GapBits"/> reached the requested tolerance.</param>
public sealed record BrojaAtoms(double R, double U1, double U2, double S, double I, double GapBits, int Iterations, bool Converged)
    : PidAtoms(R, U1, U2, S, I), ICertifiedAtoms;

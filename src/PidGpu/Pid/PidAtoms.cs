namespace PidGpu.Pid;

/// <summary>
/// One bivariate partial information decomposition of I(Y; X1, X2), in bits:
/// redundancy R, unique information U1 (only in X1) and U2 (only in X2), synergy S, and the total I.
/// The consistency equations hold: R + U1 = I(Y;X1), R + U2 = I(Y;X2), R + U1 + U2 + S = I.
/// </summary>
public record PidAtoms(double R, double U1, double U2, double S, double I);

/// <summary>BROJA atoms plus the certificate of the convex optimisation that produced them.</summary>
/// <param name="GapBits">Primal value minus a dual lower bound, in bits: the optimisation error is at most this.</param>
/// <param name="Iterations">Outer iterations the solver ran.</param>
/// <param name="Converged">True when <paramref name="GapBits"/> reached the requested tolerance.</param>
public sealed record BrojaAtoms(double R, double U1, double U2, double S, double I, double GapBits, int Iterations, bool Converged)
    : PidAtoms(R, U1, U2, S, I), ICertifiedAtoms;

namespace PidGpu.Estimate;

/// <summary>
/// One bivariate partial information decomposition of I(Y; X1, X2), in bits:
/// redundancy R, unique information U1 (only in X1) and U2 (only in X2), synergy S, and the total I.
/// The consistency equations hold: R + U1 = I(Y;X1), R + U2 = I(Y;X2), R + U1 + U2 + S = I.
/// </summary>
public record PidAtoms(double R, double U1, double U2, double S, double I)
{
    /// <summary>The consistency equations, the one place they are written: given R and the mutual informations (bits)
    /// I(X1;Y), I(X2;Y), I(X1,X2;Y), they fix U1, U2 and S.</summary>
    internal static PidAtoms FromRedundancy(double r, double i1, double i2, double i12) =>
        new(R: r, U1: i1 - r, U2: i2 - r, S: i12 - i1 - i2 + r, I: i12);

    /// <summary>Minimum mutual information (Barrett 2015): R = min(I(X1;Y), I(X2;Y)), the rest by the consistency equations.</summary>
    internal static PidAtoms Mmi(double i1, double i2, double i12) => FromRedundancy(Math.Min(i1, i2), i1, i2, i12);

    /// <summary>The consistency equations from the union information m = min_Q I_Q(Y; X1, X2) (BROJA and ~G-PID):
    /// U1 = m − I(X2;Y), U2 = m − I(X1;Y), R = I(X1;Y) + I(X2;Y) − m, S = I(X1,X2;Y) − m.</summary>
    internal static (double R, double U1, double U2, double S) FromUnion(double m, double i1, double i2, double i12) =>
        (i1 + i2 - m, m - i2, m - i1, i12 - m);
}

using PidGpu.Kernels;

namespace PidGpu.Estimate;

/// <summary>
/// Bertschinger, Rauh, Olbrich, Jost &amp; Ay (2014), "Quantifying unique information":
/// UI(Y;X1\X2) = min over Q in Δ_P of I_Q(Y;X1|X2). With m = min_Q I_Q(Y;X1,X2) (solved by
/// <see cref="BrojaSolver"/>): S = I − m, U1 = m − I(Y;X2), U2 = m − I(Y;X1), R = I(Y;X1) + I(Y;X2) − m.
/// Each atom is within the certified gap of its exact value.
/// </summary>
public static class Broja
{
    public static BrojaAtoms FromOutcome(BrojaOutcome o, InformationTerms t)
    {
        const double log2e = 1.4426950408889634;
        double m = t.EntropyY + o.Primal * log2e;
        var (r, u1, u2, s) = PidAtoms.FromUnion(m, t.I1, t.I2, t.I12);
        return new BrojaAtoms(R: r, U1: u1, U2: u2, S: s, I: t.I12,
            // The true gap is non-negative; a last-bit negative value is rounding, so report 0 there.
            GapBits: Math.Max(0, o.Gap * log2e), Iterations: o.Iterations, Converged: o.Converged != 0);
    }
}

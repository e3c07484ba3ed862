using PidGpu.Kernels.Gaussian;

namespace PidGpu.Estimate;

/// <summary>Outcome (nats) → atoms (bits) by the consistency equations (<see cref="PidAtoms"/>).</summary>
internal static class GaussianAtoms
{
    public static PidAtoms Mmi(GaussianPidOutcome o) =>
        PidAtoms.Mmi(o.I1 * GaussianPidCore.Log2E, o.I2 * GaussianPidCore.Log2E, o.I12 * GaussianPidCore.Log2E);

    public static GpidAtoms Gpid(GaussianPidOutcome o)
    {
        const double l = GaussianPidCore.Log2E;
        double i1 = o.I1 * l, i2 = o.I2 * l, i12 = o.I12 * l, m = o.Union * l;
        var (r, u1, u2, s) = PidAtoms.FromUnion(m, i1, i2, i12);
        return new GpidAtoms(R: r, U1: u1, U2: u2, S: s, I: i12,
            // The exact gap is non-negative; a last-bit negative value is rounding.
            GapBits: Math.Max(0, o.Gap * l), FrankWolfeGapBits: o.FrankWolfeGap * l, StepNorm: o.StepNorm,
            ObjectiveChangeBits: o.ObjectiveChange * l, Iterations: o.Iterations, Converged: o.Converged != 0);
    }
}

using PidGpu.Kernels.Gaussian;
using PidGpu.Pid;

namespace PidGpu.Gaussian;

/// <summary>Outcome (nats) → atoms (bits) by the consistency equations.</summary>
internal static class GaussianAtoms
{
    public static PidAtoms FromRedundancy(double r, double i1, double i2, double i12) =>
        new(R: r, U1: i1 - r, U2: i2 - r, S: i12 - i1 - i2 + r, I: i12);

    public static PidAtoms Mmi(GaussianPidOutcome o)
    {
        double i1 = o.I1 * GaussianPidCore.Log2E, i2 = o.I2 * GaussianPidCore.Log2E;
        return FromRedundancy(Math.Min(i1, i2), i1, i2, o.I12 * GaussianPidCore.Log2E);
    }

    public static GpidAtoms Gpid(GaussianPidOutcome o)
    {
        const double l = GaussianPidCore.Log2E;
        double i1 = o.I1 * l, i2 = o.I2 * l, i12 = o.I12 * l, m = o.Union * l;
        return new GpidAtoms(
            R: i1 + i2 - m, U1: m - i2, U2: m - i1, S: i12 - m, I: i12,
            // The exact gap is non-negative; a last-bit negative value is rounding.
            GapBits: Math.Max(0, o.Gap * l), FrankWolfeGapBits: o.FrankWolfeGap * l, StepNorm: o.StepNorm,
            ObjectiveChangeBits: o.ObjectiveChange * l, Iterations: o.Iterations, Converged: o.Converged != 0);
    }
}

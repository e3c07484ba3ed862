using PidGpu.Kernels;
using PidGpu.Kernels.Gaussian;

namespace PidGpu.Estimate.Measures;

/// <summary>
/// BROJA: Bertschinger, Rauh, Olbrich, Jost &amp; Ay (2014), "Quantifying unique information":
/// UI(Y;X1\X2) = min over Q in Δ_P of I_Q(Y;X1|X2). With the union information m = min_Q I_Q(Y;X1,X2):
/// S = I − m, U1 = m − I(Y;X2), U2 = m − I(Y;X1), R = I(Y;X1) + I(Y;X2) − m (<see cref="PidAtoms.FromUnion"/>), each atom
/// within the certified gap of its exact value.
/// Discrete form: m over all Q (<see cref="BrojaSolver"/>, or the Newton solver), name "broja". Gaussian form: ~G-PID
/// (Venkatesh et al., NeurIPS 2023, arXiv 2307.10515), m over jointly Gaussian Q (<see cref="GaussianPidCore"/>), name "gpid";
/// it equals MMI for a scalar target.
/// </summary>
internal sealed class BrojaMeasure : CatalogueMeasure
{
    public static BrojaMeasure Instance { get; } = new();

    BrojaMeasure() : base("broja", "gpid") { }

    public override PidAtoms Gaussian(double[,] covariance, int d1, int d2, int dy, GaussianOptions? options = null) =>
        Gpid(covariance, d1, d2, dy, options);

    /// <summary>The Gaussian form with its certificate: the same <see cref="GaussianPidCore"/> the device batch runs per problem.</summary>
    public static GpidAtoms Gpid(double[,] covariance, int d1, int d2, int dy, GaussianOptions? options = null) =>
        FromOutcome(HostGaussianPid.Run(covariance, d1, d2, dy, options ?? new GaussianOptions(), solveUnion: true));

    /// <summary>Discrete atoms from the solver's outcome (nats) and the information terms (bits).</summary>
    public static BrojaAtoms FromOutcome(BrojaOutcome o, InformationTerms t)
    {
        double m = t.EntropyY + o.Primal * InformationTermsKernel.Log2E;
        var (r, u1, u2, s) = PidAtoms.FromUnion(m, t.I1, t.I2, t.I12);
        return new BrojaAtoms(R: r, U1: u1, U2: u2, S: s, I: t.I12,
            // The true gap is non-negative; a last-bit negative value is rounding, so report 0 there.
            GapBits: Math.Max(0, o.Gap * InformationTermsKernel.Log2E), Iterations: o.Iterations, Converged: o.Converged != 0);
    }

    /// <summary>Gaussian (~G-PID) atoms from <see cref="GaussianPidCore"/>'s outcome (nats), host or device.</summary>
    public static GpidAtoms FromOutcome(GaussianPidOutcome o)
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

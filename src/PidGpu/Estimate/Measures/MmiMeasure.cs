using PidGpu.Kernels;
using PidGpu.Kernels.Gaussian;

namespace PidGpu.Estimate.Measures;

/// <summary>
/// Minimum mutual information (Barrett 2015, "Exploration of synergistic and redundant information sharing in static and
/// dynamical Gaussian systems"): R = min(I(Y;X1), I(Y;X2)), the other atoms by the consistency equations. Both forms: the
/// discrete one from the plug-in information terms of a joint table, the Gaussian one in closed form from Cholesky
/// log-determinants, I(A;B) = ½ log2(det Σ_A det Σ_B / det Σ_AB), computed by <see cref="GaussianPidCore"/> on the host
/// (<see cref="HostGaussianPid"/>) as on the device.
/// </summary>
internal sealed class MmiMeasure : CatalogueMeasure
{
    public static MmiMeasure Instance { get; } = new();

    MmiMeasure() : base("mmi", "mmi") { }

    /// <remarks>Of the options, MMI uses the ridge and the bias correction (<see cref="LogDetBiasCorrection"/>).</remarks>
    public override PidAtoms Gaussian(double[,] covariance, int d1, int d2, int dy, GaussianOptions? options = null) =>
        FromOutcome(HostGaussianPid.Run(covariance, d1, d2, dy, options ?? new GaussianOptions(), solveUnion: false));

    /// <summary>Discrete atoms from the information terms (bits).</summary>
    public static PidAtoms FromTerms(InformationTerms t) => PidAtoms.Mmi(t.I1, t.I2, t.I12);

    /// <summary>Gaussian atoms from <see cref="GaussianPidCore"/>'s outcome (nats), host or device.</summary>
    public static PidAtoms FromOutcome(GaussianPidOutcome o) =>
        PidAtoms.Mmi(o.I1 * GaussianPidCore.Log2E, o.I2 * GaussianPidCore.Log2E, o.I12 * GaussianPidCore.Log2E);
}

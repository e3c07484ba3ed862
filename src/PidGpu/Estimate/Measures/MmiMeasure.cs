using PidGpu.Kernels;
using PidGpu.Kernels.Gaussian;

namespace PidGpu.Estimate.Measures;

/// <summary>
/// Minimum mutual information (Barrett 2015, "Exploration of synergistic and redundant information sharing in static and
/// dynamical Gaussian systems"): R = min(I(Y;X1), I(Y;X2)), the other atoms by the consistency equations. Both forms: the
/// discrete one from the plug-in information terms of a joint table, the Gaussian one in closed form from Cholesky
/// log-determinants, I(A;B) = ½ log2(det Σ_A det Σ_B / det Σ_AB).
/// </summary>
internal sealed class MmiMeasure : CatalogueMeasure
{
    public static MmiMeasure Instance { get; } = new();

    MmiMeasure() : base("mmi", "mmi") { }

    /// <remarks>Of the options, MMI uses the ridge and the bias correction (<see cref="LogDetBiasCorrection"/>).</remarks>
    public override PidAtoms Gaussian(double[,] covariance, int d1, int d2, int dy, GaussianOptions? options = null)
    {
        options ??= new GaussianOptions();
        GaussianInput.CheckCovariance(covariance, d1, d2, dy);
        GaussianInput.CheckOptions(options);
        var c = GaussianInput.WithRidge(covariance, d1, d2, dy, options.Ridge);
        int[] x1 = Enumerable.Range(0, d1).ToArray(), x2 = Enumerable.Range(d1, d2).ToArray(), y = Enumerable.Range(d1 + d2, dy).ToArray();
        double i1 = GaussianInformation.MutualInformationBits(c, x1, y, "X1", "Y");
        double i2 = GaussianInformation.MutualInformationBits(c, x2, y, "X2", "Y");
        double i12 = GaussianInformation.MutualInformationBits(c, [.. x1, .. x2], y, "(X1,X2)", "Y");
        if (options.BiasCorrection is { } correction)
        {
            i1 += correction.MutualInformationShift(d1, dy) * GaussianPidCore.Log2E;
            i2 += correction.MutualInformationShift(d2, dy) * GaussianPidCore.Log2E;
            i12 += correction.MutualInformationShift(d1 + d2, dy) * GaussianPidCore.Log2E;
        }
        return PidAtoms.Mmi(i1, i2, i12);
    }

    /// <summary>Discrete atoms from the information terms (bits).</summary>
    public static PidAtoms FromTerms(InformationTerms t) => PidAtoms.Mmi(t.I1, t.I2, t.I12);

    /// <summary>Gaussian atoms from the device kernel's outcome (nats).</summary>
    public static PidAtoms FromOutcome(GaussianPidOutcome o) =>
        PidAtoms.Mmi(o.I1 * GaussianPidCore.Log2E, o.I2 * GaussianPidCore.Log2E, o.I12 * GaussianPidCore.Log2E);
}

using PidGpu.Kernels;

namespace PidGpu.Estimate.Measures;

/// <summary>
/// Williams &amp; Beer (2010), "Nonnegative decomposition of multivariate information": R = I_min, the expected minimum
/// specific information. Discrete form only (computed on the device by <see cref="IMinRedundancy"/>, on the host by
/// <see cref="HostInformation.IMinBits"/>); it has no Gaussian form.
/// </summary>
internal sealed class IMinMeasure : CatalogueMeasure
{
    public static IMinMeasure Instance { get; } = new();

    IMinMeasure() : base("imin", null) { }

    public override PidAtoms Gaussian(double[,] covariance, int d1, int d2, int dy, GaussianOptions? options = null) =>
        throw PidMeasures.NoGaussianForm(this);

    /// <summary>Discrete atoms from the I_min redundancy and the information terms (bits).</summary>
    public static PidAtoms FromRedundancy(double redundancyBits, InformationTerms t) =>
        PidAtoms.FromRedundancy(redundancyBits, t.I1, t.I2, t.I12);
}

using PidGpu.Kernels;
using PidGpu.Estimate;

namespace PidGpu.Estimate;

/// <summary>
/// Williams &amp; Beer (2010), "Nonnegative decomposition of multivariate information": R = I_min, the expected
/// minimum specific information (computed on the device by <see cref="IMinRedundancy"/>).
/// </summary>
public static class IMin
{
    public static PidAtoms FromRedundancy(double redundancyBits, InformationTerms t) => PidAtoms.FromRedundancy(redundancyBits, t.I1, t.I2, t.I12);
}

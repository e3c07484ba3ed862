using PidGpu.Kernels;
using PidGpu.Pid;

namespace PidGpu.Estimators;

/// <summary>The consistency equations: given R, the mutual informations fix U1, U2 and S.</summary>
internal static class Atoms
{
    public static PidAtoms FromRedundancy(double r, InformationTerms t) =>
        new(R: r, U1: t.I1 - r, U2: t.I2 - r, S: t.I12 - t.I1 - t.I2 + r, I: t.I12);
}

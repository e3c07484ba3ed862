using PidGpu.Kernels;
using PidGpu.Estimate;

namespace PidGpu.Estimate;

/// <summary>
/// Minimum mutual information (Barrett 2015, "Exploration of synergistic and redundant information sharing
/// in static and dynamical Gaussian systems"): R = min(I(Y;X1), I(Y;X2)).
/// </summary>
public static class Mmi
{
    public static PidAtoms FromTerms(InformationTerms t) => PidAtoms.Mmi(t.I1, t.I2, t.I12);
}

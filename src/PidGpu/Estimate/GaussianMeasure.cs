namespace PidGpu.Estimate;

/// <summary>Redundancy measures for jointly Gaussian systems.</summary>
public enum GaussianMeasure
{
    /// <summary>Minimum mutual information, R = min(I(X1;Y), I(X2;Y)) (Barrett 2015); closed form.</summary>
    Mmi,
    /// <summary>
    /// ~G-PID: the BROJA decomposition restricted to jointly Gaussian Q (Venkatesh et al., NeurIPS 2023), solved
    /// as a convex problem with a certified optimality gap. Equals MMI for a scalar target. One name throughout: this
    /// member, <see cref="GpidAtoms"/>, PidFlowSettings.Gpid and "gpid" in results and on the command line.
    /// </summary>
    Gpid,
}

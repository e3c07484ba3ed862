namespace PidGpu.Kernels.Gaussian;

/// <summary>Why a problem could not be decomposed (the host turns this into a message naming the block).</summary>
public enum GaussianStatus
{
    Ok = 0,
    /// <summary>Σ_Y is not positive definite.</summary>
    TargetSingular = 1,
    /// <summary>Σ_{X1|Y} is not positive definite: X1 is singular or (nearly) a linear function of Y.</summary>
    Source1Singular = 2,
    /// <summary>Σ_{X2|Y} is not positive definite.</summary>
    Source2Singular = 3,
    /// <summary>The full covariance is not positive definite (X1 and X2 are jointly degenerate given Y).</summary>
    JointSingular = 4,
}

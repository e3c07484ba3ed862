namespace PidGpu.Kernels.Gaussian;

/// <summary>Settings of <see cref="GaussianPidCore"/>. Information quantities are in nats inside the solver.</summary>
public struct GaussianPidSettings
{
    /// <summary>Relative ridge: each block's diagonal gets Ridge × the mean of that block's diagonal added (0 = none).</summary>
    public double Ridge;
    /// <summary>0: mutual informations only (enough for MMI); 1: also solve the Gaussian BROJA problem.</summary>
    public int SolveBroja;
    /// <summary>Stop once the certified optimality gap is at most this (nats).</summary>
    public double TargetGapNats;
    public int MaxIterations;
    /// <summary>Iterations between certificates (each costs an SVD of the gradient).</summary>
    public int CheckEvery;
    /// <summary>
    /// The iterate is kept in the spectral-norm ball of radius 1 − BoundaryMargin so that I − ΣΣᵀ stays invertible;
    /// by convexity this costs at most BoundaryMargin·(f(0) − f*), which the certificate includes.
    /// </summary>
    public double BoundaryMargin;

    public static GaussianPidSettings Default(bool solveBroja, double ridge = 0, double targetGapBits = 1e-8, int maxIterations = 20_000) => new()
    {
        Ridge = ridge,
        SolveBroja = solveBroja ? 1 : 0,
        TargetGapNats = targetGapBits / GaussianPidCore.Log2E,
        MaxIterations = maxIterations,
        CheckEvery = 5,
        BoundaryMargin = 1e-10,
    };
}

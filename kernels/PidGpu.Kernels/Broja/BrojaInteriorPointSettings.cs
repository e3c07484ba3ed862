namespace PidGpu.Kernels.Broja;

/// <summary>Settings of the batched interior-point BROJA kernel (<see cref="BrojaInteriorPoint"/>); tolerances in nats.</summary>
public struct BrojaInteriorPointSettings
{
    /// <summary>The certified gap the caller wants (nats). The kernel stops once the complementarity Σ z (−g), the gap
    /// of its pair before rounding, is <see cref="StopFraction"/> of this, leaving room for the certificate's rounding.</summary>
    public double TargetGapNats;
    /// <summary>Fraction of the target the complementarity must reach (default 0.1).</summary>
    public double StopFraction;
    /// <summary>Newton systems at most per problem (predictor–corrector steps and recentring steps together).</summary>
    public int MaxSteps;

    public static BrojaInteriorPointSettings Default(double targetGapBits = 1e-9, int maxSteps = 500) => new()
    {
        TargetGapNats = targetGapBits / InformationTermsKernel.Log2E,
        StopFraction = 0.1,
        MaxSteps = maxSteps,
    };
}

namespace PidGpu.Kernels;

/// <summary>Settings of the BROJA solver. Tolerances are in nats, as the kernel works in natural logs.</summary>
public struct BrojaSettings
{
    /// <summary>Stop when primal minus dual is at most this (nats).</summary>
    public double TargetGapNats;
    public int MaxIterations;
    /// <summary>Iterations between certificates (each costs about two iterations).</summary>
    public int CheckEvery;
    /// <summary>Over-relaxation of the cell step, in [1, 2). Falls back to 1 if the objective ever rises.</summary>
    public double Relaxation;

    public static BrojaSettings Default(double targetGapBits = 1e-9, int maxIterations = 1_000_000) => new()
    {
        TargetGapNats = targetGapBits / InformationTermsKernel.Log2E,
        MaxIterations = maxIterations,
        CheckEvery = 10,
        Relaxation = 1.8,
    };
}

namespace PidGpu.Kernels.Broja;

/// <summary>Addition, for <see cref="GroupReduce"/>.</summary>
internal readonly struct SumOperation : IReduceOperation
{
    public double Identity => 0;
    public double Apply(double a, double b) => a + b;
}

namespace PidGpu.Kernels.Broja;

/// <summary>The minimum, for <see cref="GroupReduce"/>.</summary>
internal readonly struct MinOperation : IReduceOperation
{
    public double Identity => double.PositiveInfinity;
    public double Apply(double a, double b) => Math.Min(a, b);
}

namespace PidGpu.Kernels.Broja;

/// <summary>The maximum, for <see cref="GroupReduce"/>.</summary>
internal readonly struct MaxOperation : IReduceOperation
{
    public double Identity => double.NegativeInfinity;
    public double Apply(double a, double b) => Math.Max(a, b);
}

namespace PidGpu.Kernels.Broja;

/// <summary>An associative operation of <see cref="GroupReduce"/> (a struct, so the generic reduction specialises).</summary>
internal interface IReduceOperation
{
    double Identity { get; }
    double Apply(double a, double b);
}

using ILGPU;

namespace PidGpu.Kernels.Broja;

/// <summary>An associative operation of <see cref="GroupReduce"/> (a struct, so the generic reduction specialises).</summary>
internal interface IReduceOperation
{
    double Identity { get; }
    double Apply(double a, double b);
}

internal readonly struct SumOperation : IReduceOperation
{
    public double Identity => 0;
    public double Apply(double a, double b) => a + b;
}

internal readonly struct MinOperation : IReduceOperation
{
    public double Identity => double.PositiveInfinity;
    public double Apply(double a, double b) => Math.Min(a, b);
}

internal readonly struct MaxOperation : IReduceOperation
{
    public double Identity => double.NegativeInfinity;
    public double Apply(double a, double b) => Math.Max(a, b);
}

/// <summary>
/// Reduction over the threads of one group through a caller-owned scratch (one slot per thread): every thread gets
/// the same result, so decisions taken on it keep the group's control flow uniform (every barrier is reached by all).
/// </summary>
internal static class GroupReduce
{
    public static double Reduce<TOp>(double value, ArrayView<double> scratch) where TOp : struct, IReduceOperation
    {
        var op = default(TOp);
        int t = Group.IdxX, threads = Group.DimX;
        scratch[t] = value;
        Group.Barrier();
        for (int stride = 1; stride < threads; stride *= 2)
        {
            if (t % (2 * stride) == 0 && t + stride < threads) scratch[t] = op.Apply(scratch[t], scratch[t + stride]);
            Group.Barrier();
        }
        double result = scratch[0];
        Group.Barrier();   // scratch is free again only once everyone has read the result
        return result;
    }

    public static double Sum(double value, ArrayView<double> scratch) => Reduce<SumOperation>(value, scratch);
    public static double Min(double value, ArrayView<double> scratch) => Reduce<MinOperation>(value, scratch);
    public static double Max(double value, ArrayView<double> scratch) => Reduce<MaxOperation>(value, scratch);
}

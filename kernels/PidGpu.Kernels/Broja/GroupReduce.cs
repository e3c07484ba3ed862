using ILGPU;

namespace PidGpu.Kernels.Broja;

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

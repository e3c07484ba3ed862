using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Algorithms.RadixSortOperations;
using ILGPU.Runtime;

namespace PidGpu.Kernels;

/// <summary>
/// Discretises one float column (finite values; the library checks) into codes 0..bins-1:
/// uniform = equal-width bins between min and max; quantile = equal-count bins from the sorted column
/// (ties always share a code, so heavy ties can leave bins empty).
/// </summary>
internal sealed class ColumnBinning
{
    readonly Accelerator accelerator;
    readonly Action<AcceleratorStream, KernelConfig, ArrayView<float>, ArrayView<int>> toKeys;
    readonly Action<AcceleratorStream, KernelConfig, ArrayView<int>, ArrayView<int>> minMax;
    readonly Action<AcceleratorStream, KernelConfig, ArrayView<int>, ArrayView<int>, int, ArrayView<int>> uniformCodes;
    readonly Action<AcceleratorStream, KernelConfig, ArrayView<int>, ArrayView<int>, int, ArrayView<int>> quantileCodes;
    readonly RadixSort<int, Stride1D.Dense> sort;

    public ColumnBinning(Accelerator accelerator)
    {
        this.accelerator = accelerator;
        toKeys = accelerator.LoadKernel<ArrayView<float>, ArrayView<int>>(ToKeysKernel);
        minMax = accelerator.LoadKernel<ArrayView<int>, ArrayView<int>>(MinMaxKernel);
        uniformCodes = accelerator.LoadKernel<ArrayView<int>, ArrayView<int>, int, ArrayView<int>>(UniformKernel);
        quantileCodes = accelerator.LoadKernel<ArrayView<int>, ArrayView<int>, int, ArrayView<int>>(QuantileKernel);
        sort = accelerator.CreateRadixSort<int, Stride1D.Dense, AscendingInt32>();
    }

    /// <summary>Temporary ints needed by <see cref="Launch"/> for a column of <paramref name="length"/> values.</summary>
    public long TempSize(int length) =>
        2L * length + 2 + accelerator.ComputeRadixSortTempStorageSize<int, AscendingInt32>(length);

    /// <summary>Codes for <paramref name="values"/> into <paramref name="codes"/>; <paramref name="temp"/> has <see cref="TempSize"/> ints.</summary>
    public void Launch(AcceleratorStream stream, ArrayView<float> values, int bins, bool quantile, ArrayView<int> codes, ArrayView<int> temp)
    {
        long n = values.Length;
        var keys = temp.SubView(0, n);
        var sorted = temp.SubView(n, n);
        var extremes = temp.SubView(2 * n, 2);
        var sortTemp = temp.SubView(2 * n + 2);
        var grid = LaunchConfig.GridStride(accelerator, n);
        toKeys(stream, grid, values, keys);
        if (!quantile)
        {
            extremes.CopyFromCPU(stream, StartExtremes);
            minMax(stream, grid, keys, extremes);
            uniformCodes(stream, grid, keys, extremes, bins, codes);
            return;
        }
        sorted.CopyFrom(stream, keys);
        sort(stream, sorted, sortTemp);
        quantileCodes(stream, grid, keys, sorted, bins, codes);
    }

    static void ToKeysKernel(ArrayView<float> values, ArrayView<int> keys)
    {
        for (long i = Grid.GlobalIndex.X; i < values.Length; i += (long)Grid.DimX * Group.DimX)
        {
            keys[i] = ToKey(values[i]);
        }
    }

    static void MinMaxKernel(ArrayView<int> keys, ArrayView<int> extremes)
    {
        int lo = int.MaxValue, hi = int.MinValue;
        for (long i = Grid.GlobalIndex.X; i < keys.Length; i += (long)Grid.DimX * Group.DimX)
        {
            lo = Math.Min(lo, keys[i]);
            hi = Math.Max(hi, keys[i]);
        }
        Atomic.Min(ref extremes[0], lo);
        Atomic.Max(ref extremes[1], hi);
    }

    static readonly int[] StartExtremes = [int.MaxValue, int.MinValue];

    /// <summary>
    /// An int whose signed order equals the float order, negatives included: ILGPU's radix sort misorders
    /// negative floats, so columns are sorted as these keys instead.
    /// </summary>
    public static int ToKey(float value)
    {
        int bits = (int)Interop.FloatAsInt(value);
        if (bits == int.MinValue) return 0; // −0 equals +0, so both must share a key (and a bin)
        return bits >= 0 ? bits : bits ^ 0x7FFFFFFF;
    }

    static float KeyToFloat(int key) => Interop.IntAsFloat((uint)(key >= 0 ? key : key ^ 0x7FFFFFFF));

    static void UniformKernel(ArrayView<int> keys, ArrayView<int> extremes, int bins, ArrayView<int> codes)
    {
        double lo = KeyToFloat(extremes[0]), hi = KeyToFloat(extremes[1]);
        double width = (hi - lo) / bins;
        for (long i = Grid.GlobalIndex.X; i < keys.Length; i += (long)Grid.DimX * Group.DimX)
        {
            double v = KeyToFloat(keys[i]);
            int code = width > 0 ? (int)((v - lo) / width) : 0;
            codes[i] = Math.Max(0, Math.Min(code, bins - 1));
        }
    }

    /// <summary>Code = number of cut points ≤ value, cut k being the sorted value at rank floor(k·n/bins).</summary>
    static void QuantileKernel(ArrayView<int> keys, ArrayView<int> sorted, int bins, ArrayView<int> codes)
    {
        long n = keys.Length;
        for (long i = Grid.GlobalIndex.X; i < n; i += (long)Grid.DimX * Group.DimX)
        {
            int key = keys[i], code = 0;
            for (int k = 1; k < bins; k++)
                if (sorted[k * n / bins] <= key) code++;
            codes[i] = code;
        }
    }
}

using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Algorithms.RadixSortOperations;
using ILGPU.Runtime;

namespace PidGpu.Kernels.Gaussianize;

/// <summary>
/// Gaussian copula of a row-major [rows × cols] double matrix, in place: each column's value becomes
/// Φ⁻¹((midrank + ½)/rows), midrank being the 0-based rank averaged over ties. A column is sorted as
/// order-preserving long keys paired with row indices; a value's tie run [s, e) is found by binary search in
/// the sorted keys, so (midrank + ½)/rows = (s + e)/(2·rows) exactly. Values must be finite (see
/// <see cref="FindNonFinite"/>).
/// </summary>
public sealed class CopulaTransform
{
    readonly Accelerator accelerator;
    readonly Action<AcceleratorStream, KernelConfig, ArrayView<float>, ArrayView<double>> widen;
    readonly Action<AcceleratorStream, KernelConfig, ArrayView<double>, ArrayView<long>> nonFinite;
    readonly Action<AcceleratorStream, KernelConfig, ArrayView<double>, int, int, ArrayView<long>, ArrayView<int>> keys;
    readonly Action<AcceleratorStream, KernelConfig, ArrayView<long>, ArrayView<int>, int, int, ArrayView<double>> scores;
    readonly RadixSortPairs<long, Stride1D.Dense, int, Stride1D.Dense> sort;

    public CopulaTransform(Accelerator accelerator)
    {
        this.accelerator = accelerator;
        widen = accelerator.LoadKernel<ArrayView<float>, ArrayView<double>>(WidenKernel);
        nonFinite = accelerator.LoadKernel<ArrayView<double>, ArrayView<long>>(NonFiniteKernel);
        keys = accelerator.LoadKernel<ArrayView<double>, int, int, ArrayView<long>, ArrayView<int>>(KeysKernel);
        scores = accelerator.LoadKernel<ArrayView<long>, ArrayView<int>, int, int, ArrayView<double>>(ScoresKernel);
        sort = accelerator.CreateRadixSortPairs<long, Stride1D.Dense, int, Stride1D.Dense, AscendingInt64>();
    }

    /// <summary>Temporary ints needed by <see cref="Launch"/> for columns of <paramref name="rows"/> values.</summary>
    public long TempSize(int rows) =>
        SortOffset(rows) + accelerator.ComputeRadixSortPairsTempStorageSize<long, int, AscendingInt64>(rows);

    /// <summary>
    /// Replaces every column of <paramref name="values"/> ([rows × cols], row-major) by its normal scores.
    /// <paramref name="keys"/> has <paramref name="rows"/> longs and <paramref name="temp"/> <see cref="TempSize"/> ints.
    /// </summary>
    public void Launch(AcceleratorStream stream, ArrayView<double> values, int rows, int cols,
        ArrayView<long> keys, ArrayView<int> temp)
    {
        var columnKeys = keys.SubView(0, rows);
        var order = temp.SubView(0, rows);
        var sortTemp = temp.SubView(SortOffset(rows));
        var grid = LaunchConfig.GridStride(accelerator, rows);
        for (int c = 0; c < cols; c++)
        {
            this.keys(stream, grid, values, cols, c, columnKeys, order);
            sort(stream, columnKeys, order, sortTemp);
            scores(stream, grid, columnKeys, order, cols, c, values);
        }
    }

    // The pairs sort casts its ints to 16-byte (key, value) records; from an offset that is not a multiple of 16 bytes
    // the cast view starts earlier and overwrites the row indices, so the sort space starts 16-byte aligned.
    static long SortOffset(int rows) => (rows + 3L) & ~3L;

    /// <summary>Copies float values into doubles (exactly), e.g. to transform a float matrix in a double buffer.</summary>
    public void Widen(AcceleratorStream stream, ArrayView<float> input, ArrayView<double> output) =>
        widen(stream, LaunchConfig.GridStride(accelerator, input.Length), input, output);

    /// <summary>
    /// Sets <paramref name="first"/>[0] to the lowest flat index of a NaN/±∞ in <paramref name="values"/>, or leaves
    /// it unchanged (the caller starts it at <see cref="long.MaxValue"/>).
    /// </summary>
    public void FindNonFinite(AcceleratorStream stream, ArrayView<double> values, ArrayView<long> first) =>
        nonFinite(stream, LaunchConfig.GridStride(accelerator, values.Length), values, first);

    /// <summary>
    /// A long whose signed order equals the double order, negatives included (ILGPU's radix sort misorders
    /// negative floating point keys); −0 and +0 share the key 0, so they tie.
    /// </summary>
    public static long ToKey(double value)
    {
        long bits = (long)Interop.FloatAsInt(value);
        if (bits == long.MinValue) return 0;
        return bits >= 0 ? bits : bits ^ long.MaxValue;
    }

    static void WidenKernel(ArrayView<float> input, ArrayView<double> output)
    {
        for (long i = Grid.GlobalIndex.X; i < input.Length; i += (long)Grid.DimX * Group.DimX)
            output[i] = input[i];
    }

    static void NonFiniteKernel(ArrayView<double> values, ArrayView<long> first)
    {
        long found = long.MaxValue;
        for (long i = Grid.GlobalIndex.X; i < values.Length; i += (long)Grid.DimX * Group.DimX)
        {
            double v = values[i];
            if (found == long.MaxValue && !(Math.Abs(v) <= double.MaxValue)) found = i; // NaN fails every comparison
        }
        if (found != long.MaxValue) Atomic.Min(ref first[0], found);
    }

    static void KeysKernel(ArrayView<double> values, int cols, int col, ArrayView<long> keys, ArrayView<int> order)
    {
        for (long i = Grid.GlobalIndex.X; i < keys.Length; i += (long)Grid.DimX * Group.DimX)
        {
            keys[i] = ToKey(values[i * cols + col]);
            order[i] = (int)i;
        }
    }

    static void ScoresKernel(ArrayView<long> sorted, ArrayView<int> order, int cols, int col, ArrayView<double> values)
    {
        long n = sorted.Length;
        for (long p = Grid.GlobalIndex.X; p < n; p += (long)Grid.DimX * Group.DimX)
        {
            long key = sorted[p];
            // First index of the tie run: lowest s in [0, p] with sorted[s] == key.
            long lo = 0, hi = p;
            while (lo < hi)
            {
                long mid = (lo + hi) >> 1;
                if (sorted[mid] < key) lo = mid + 1; else hi = mid;
            }
            long start = lo;
            // One past its end: lowest e in [p + 1, n] with sorted[e] > key (or n).
            lo = p + 1; hi = n;
            while (lo < hi)
            {
                long mid = (lo + hi) >> 1;
                if (sorted[mid] <= key) lo = mid + 1; else hi = mid;
            }
            values[order[p] * (long)cols + col] = InverseNormal.Quantile((start + lo) / (2.0 * n));
        }
    }
}

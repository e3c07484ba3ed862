using ILGPU;
using ILGPU.Runtime;

namespace PidGpu.Kernels.Gaussianize;

/// <summary>
/// Gaussian copula of a row-major [rows × cols] double matrix, in place: each column's value becomes
/// Φ⁻¹((midrank + ½)/rows), midrank being the 0-based rank averaged over ties. All columns are sorted together
/// (<see cref="ColumnMergeSort"/>) as order-preserving long keys paired with row indices; a value's tie run
/// [s, e) is found by binary search in its sorted column, so (midrank + ½)/rows = (s + e)/(2·rows) exactly.
/// Values must be finite (see <see cref="FindNonFinite"/>).
/// </summary>
internal sealed class CopulaTransform
{
    readonly Accelerator accelerator;
    readonly Action<AcceleratorStream, KernelConfig, ArrayView<float>, ArrayView<double>> widen;
    readonly Action<AcceleratorStream, KernelConfig, ArrayView<double>, ArrayView<long>> nonFinite;
    readonly Action<AcceleratorStream, KernelConfig, ArrayView<double>, int, int, ArrayView<long>, ArrayView<int>> keys;
    readonly Action<AcceleratorStream, KernelConfig, ArrayView<long>, ArrayView<int>, int, int, ArrayView<double>> scores;
    readonly ColumnMergeSort sort;

    public CopulaTransform(Accelerator accelerator)
    {
        this.accelerator = accelerator;
        widen = accelerator.LoadKernel<ArrayView<float>, ArrayView<double>>(WidenKernel);
        nonFinite = accelerator.LoadKernel<ArrayView<double>, ArrayView<long>>(NonFiniteKernel);
        keys = accelerator.LoadKernel<ArrayView<double>, int, int, ArrayView<long>, ArrayView<int>>(KeysKernel);
        scores = accelerator.LoadKernel<ArrayView<long>, ArrayView<int>, int, int, ArrayView<double>>(ScoresKernel);
        sort = new ColumnMergeSort(accelerator);
    }

    /// <summary>Longs in the key buffer and ints in the order buffer that <see cref="Launch"/> needs for a [rows × cols] matrix.</summary>
    public static long TempSize(int rows, int cols) => ColumnMergeSort.BufferLength(rows, cols);

    /// <summary>
    /// Replaces every column of <paramref name="values"/> ([rows × cols], row-major) by its normal scores.
    /// <paramref name="keys"/> and <paramref name="order"/> each have <see cref="TempSize"/> entries.
    /// </summary>
    public void Launch(AcceleratorStream stream, ArrayView<double> values, int rows, int cols,
        ArrayView<long> keys, ArrayView<int> order)
    {
        var grid = LaunchConfig.GridStride(accelerator, (long)rows * cols);
        this.keys(stream, grid, values, rows, cols, keys, order);
        var sorted = sort.Sort(stream, keys, order, rows, cols);
        scores(stream, grid, sorted.Keys, sorted.Payload, rows, cols, values);
    }

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
    /// A long whose signed order equals the double order, negatives included (the raw bits of a negative double
    /// sort backwards); −0 and +0 share the key 0, so they tie.
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

    /// <summary>Column-major keys: entry c·rows + r is the key of values[r, c], its row index r alongside.</summary>
    static void KeysKernel(ArrayView<double> values, int rows, int cols, ArrayView<long> keys, ArrayView<int> order)
    {
        for (long i = Grid.GlobalIndex.X; i < values.Length; i += (long)Grid.DimX * Group.DimX)
        {
            long col = i / rows, row = i - col * rows;
            keys[i] = ToKey(values[row * cols + col]);
            order[i] = (int)row;
        }
    }

    static void ScoresKernel(ArrayView<long> sorted, ArrayView<int> order, int rows, int cols, ArrayView<double> values)
    {
        for (long i = Grid.GlobalIndex.X; i < sorted.Length; i += (long)Grid.DimX * Group.DimX)
        {
            long col = i / rows, column = col * rows;
            long key = sorted[i];
            // First index of the tie run: lowest s in [column, i] with sorted[s] == key.
            long lo = column, hi = i;
            while (lo < hi)
            {
                long mid = (lo + hi) >> 1;
                if (sorted[mid] < key) lo = mid + 1; else hi = mid;
            }
            long start = lo - column;
            // One past its end: lowest e in [i + 1, column + rows] with sorted[e] > key (or the column's end).
            lo = i + 1; hi = column + rows;
            while (lo < hi)
            {
                long mid = (lo + hi) >> 1;
                if (sorted[mid] <= key) lo = mid + 1; else hi = mid;
            }
            long end = lo - column;
            values[order[i] * (long)cols + col] = InverseNormal.Quantile((start + end) / (2.0 * rows));
        }
    }
}

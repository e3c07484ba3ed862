using ILGPU;
using ILGPU.Runtime;

namespace PidGpu.Kernels;

/// <summary>
/// Stable ascending sort of many columns at once: long keys paired with int payloads, stored column-major
/// ([columns × rows], column c at c·rows). A bottom-up merge sort with ping-pong halves: the pass with run width w
/// merges runs pairwise, each element finding its output slot on its own by binary search in the partner run
/// ("merge by rank"), so a pass is one grid-stride launch over every element of every column, with no shared
/// memory: ⌈log₂ rows⌉ launches sort all columns (ILGPU's radix sort needed several launches per column and is
/// very slow on the CPU accelerator).
/// </summary>
internal sealed class ColumnMergeSort
{
    readonly Accelerator accelerator;
    readonly Action<AcceleratorStream, KernelConfig, ArrayView<long>, ArrayView<int>, ArrayView<long>, ArrayView<int>, int, int> merge;

    public ColumnMergeSort(Accelerator accelerator)
    {
        this.accelerator = accelerator;
        merge = accelerator.LoadKernel<ArrayView<long>, ArrayView<int>, ArrayView<long>, ArrayView<int>, int, int>(MergeKernel);
    }

    /// <summary>Longs in the key buffer and ints in the payload buffer for <paramref name="columns"/> columns of <paramref name="rows"/>: twice the elements (ping-pong).</summary>
    public static long BufferLength(int rows, int columns) => 2L * rows * columns;

    /// <summary>
    /// Sorts each column of the first rows·columns entries of <paramref name="keys"/> (and their
    /// <paramref name="payload"/> along) by key, ties kept in input order; the second halves are scratch.
    /// Returns the views, a half of each buffer, that hold the sorted columns.
    /// </summary>
    public (ArrayView<long> Keys, ArrayView<int> Payload) Sort(AcceleratorStream stream, ArrayView<long> keys, ArrayView<int> payload,
        int rows, int columns)
    {
        long n = (long)rows * columns;
        var grid = LaunchConfig.GridStride(accelerator, n);
        ArrayView<long> fromKeys = keys.SubView(0, n), toKeys = keys.SubView(n, n);
        ArrayView<int> fromPayload = payload.SubView(0, n), toPayload = payload.SubView(n, n);
        for (int width = 1; width < rows; width *= 2)
        {
            merge(stream, grid, fromKeys, fromPayload, toKeys, toPayload, rows, width);
            (fromKeys, toKeys) = (toKeys, fromKeys);
            (fromPayload, toPayload) = (toPayload, fromPayload);
        }
        return (fromKeys, fromPayload);
    }

    /// <summary>
    /// One pass: runs [s, s+w) and [s+w, s+2w) of each column merge into [s, s+2w). A left element goes to
    /// s + (its offset) + (right keys &lt; its key), a right element to s + (its offset) + (left keys ≤ its key):
    /// equal keys keep left before right, so the sort is stable and every slot is written exactly once.
    /// </summary>
    static void MergeKernel(ArrayView<long> fromKeys, ArrayView<int> fromPayload, ArrayView<long> toKeys, ArrayView<int> toPayload,
        int rows, int width)
    {
        for (long i = Grid.GlobalIndex.X; i < fromKeys.Length; i += (long)Grid.DimX * Group.DimX)
        {
            long column = i / rows * rows, p = i - column;
            long start = p / (2L * width) * (2L * width);
            long mid = Math.Min(start + width, rows), end = Math.Min(start + 2L * width, rows);
            long key = fromKeys[i];
            long target;
            if (p < mid)
            {
                long lo = column + mid, hi = column + end; // first right key ≥ key
                while (lo < hi)
                {
                    long m = (lo + hi) >> 1;
                    if (fromKeys[m] < key) lo = m + 1; else hi = m;
                }
                target = p + (lo - column - mid);
            }
            else
            {
                long lo = column + start, hi = column + mid; // first left key > key
                while (lo < hi)
                {
                    long m = (lo + hi) >> 1;
                    if (fromKeys[m] <= key) lo = m + 1; else hi = m;
                }
                target = p - mid + (lo - column);
            }
            toKeys[column + target] = key;
            toPayload[column + target] = fromPayload[i];
        }
    }
}

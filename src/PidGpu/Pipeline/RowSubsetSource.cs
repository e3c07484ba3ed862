using PidGpu.Formats.Arrays;

namespace PidGpu.Pipeline;

/// <summary>The rows <paramref name="kept"/> (sorted) of another matrix, read in contiguous runs. Does not own the inner source.</summary>
internal sealed class RowSubsetSource(IMatrixSource inner, long[] kept) : IMatrixSource
{
    public string Source => inner.Source;
    public long Rows => kept.LongLength;
    public int Columns => inner.Columns;
    public ArrayDType DType => inner.DType;

    public void ReadRows(long firstRow, Span<float> destination)
    {
        int c = Columns;
        if (destination.Length % c != 0) throw new ArgumentException("destination is not a whole number of rows.", nameof(destination));
        long count = destination.Length / c;
        if (firstRow < 0 || firstRow + count > Rows) throw new ArgumentOutOfRangeException(nameof(firstRow));
        long i = 0;
        while (i < count)
        {
            // Extend a run while the kept rows are consecutive in the inner matrix.
            long start = kept[firstRow + i], run = 1;
            while (i + run < count && kept[firstRow + i + run] == start + run) run++;
            inner.ReadRows(start, destination.Slice((int)(i * c), (int)(run * c)));
            i += run;
        }
    }

    public void Dispose() { }
}

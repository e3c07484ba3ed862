using PidGpu.Formats.Arrays;

namespace PidGpu.Tests.Support;

/// <summary>An in-memory row-major float matrix as an <see cref="IMatrixSource"/>; counts reads to show chunking.</summary>
public sealed class ArrayMatrixSource(float[] values, int columns, string name = "test.npy") : IMatrixSource
{
    public string Source => name;
    public long Rows => values.Length / columns;
    public int Columns => columns;
    public ArrayDType DType => ArrayDType.Float32;
    public int Reads { get; private set; }

    public void ReadRows(long firstRow, Span<float> destination)
    {
        if (destination.Length % columns != 0) throw new ArgumentException("not whole rows", nameof(destination));
        if (firstRow < 0 || firstRow * columns + destination.Length > values.Length) throw new ArgumentOutOfRangeException(nameof(firstRow));
        values.AsSpan((int)(firstRow * columns), destination.Length).CopyTo(destination);
        Reads++;
    }

    public void Dispose() { }
}

namespace PidGpu.Formats.Arrays;

/// <summary>A row-major float matrix already in memory (e.g. activations captured from a model) as an <see cref="IMatrixSource"/>.</summary>
public sealed class InMemoryMatrix : IMatrixSource
{
    readonly float[] values;

    public InMemoryMatrix(float[] values, int columns, string name)
    {
        if (columns < 1 || values.Length % columns != 0)
            throw new PidInputException($"{name}: {values.Length} values are not whole rows of {columns} columns.");
        this.values = values;
        Columns = columns;
        Source = name;
    }

    public string Source { get; }
    public long Rows => values.LongLength / Columns;
    public int Columns { get; }
    public ArrayDType DType => ArrayDType.Float32;

    public void ReadRows(long firstRow, Span<float> destination)
    {
        if (destination.Length % Columns != 0) throw new ArgumentException("destination is not a whole number of rows.", nameof(destination));
        if (firstRow < 0 || firstRow * Columns + destination.Length > values.LongLength) throw new ArgumentOutOfRangeException(nameof(firstRow));
        values.AsSpan(checked((int)(firstRow * Columns)), destination.Length).CopyTo(destination);
    }

    public void Dispose() { }
}

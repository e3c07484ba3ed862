namespace PidGpu.Formats.Arrays;

public static class MatrixSourceExtensions
{
    /// <summary>Reads <paramref name="count"/> rows starting at <paramref name="firstRow"/> into a new row-major array.</summary>
    public static float[] ReadRows(this IMatrixSource source, long firstRow, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        long length = (long)count * source.Columns;
        if (length > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(count), $"{count} rows × {source.Columns} columns do not fit in one array.");
        var values = new float[length];
        source.ReadRows(firstRow, values);
        return values;
    }

    /// <summary>The whole matrix, row-major.</summary>
    /// <exception cref="PidInputException">The matrix has more elements than one array can hold; read it in chunks.</exception>
    public static float[] ReadAll(this IMatrixSource source)
    {
        if (source.Rows * source.Columns > Array.MaxLength)
            throw new PidInputException($"{source.Source}: {source.Rows} × {source.Columns} values are too many to load at once.");
        return source.ReadRows(0, (int)source.Rows);
    }

    /// <summary>
    /// The first NaN or infinite value in row-major order, as (row, column) counted from 0, or null when all are finite.
    /// Reads the matrix in chunks of about <paramref name="chunkValues"/> values.
    /// </summary>
    public static (long Row, int Column)? FindFirstNonFinite(this IMatrixSource source, int chunkValues = 1 << 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkValues, 1);
        foreach (var chunk in RowChunks.Read(source, chunkValues, checkFinite: false))
        {
            var span = chunk.Values;
            for (int i = 0; i < span.Length; i++)
                if (!float.IsFinite(span[i]))
                    return (chunk.First + i / source.Columns, i % source.Columns);
        }
        return null;
    }
}

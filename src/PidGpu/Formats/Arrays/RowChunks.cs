namespace PidGpu.Formats.Arrays;

/// <summary>
/// A matrix streamed in row chunks of about <c>chunkValues</c> floats through one reused host buffer: the loop every
/// streaming stage runs (covariance, projection, upload, keeping a variable whole, scanning for non-finite values), with
/// the check that names a NaN's or infinity's row and column.
/// </summary>
internal static class RowChunks
{
    /// <summary>Rows per chunk: as many whole rows as fit in <paramref name="chunkValues"/> floats, at least 1, at most all.</summary>
    public static int ChunkRows(IMatrixSource source, long chunkValues) =>
        (int)Math.Max(1, Math.Min(source.Rows, chunkValues / Math.Max(1, source.Columns)));

    /// <summary>
    /// The chunks in row order. Each <see cref="RowChunk"/> shares the one buffer, so its values are valid until the next
    /// chunk is read. With <paramref name="checkFinite"/>, a NaN or infinity stops the read (<see cref="CheckFinite"/>).
    /// </summary>
    public static IEnumerable<RowChunk> Read(IMatrixSource source, long chunkValues, bool checkFinite)
    {
        int d = source.Columns;
        int chunkRows = ChunkRows(source, chunkValues);
        var buffer = new float[(long)chunkRows * d];
        for (long first = 0; first < source.Rows; first += chunkRows)
        {
            int rows = (int)Math.Min(chunkRows, source.Rows - first);
            var chunk = new RowChunk(first, rows, buffer, rows * d);
            source.ReadRows(first, chunk.Values);
            if (checkFinite) CheckFinite(source, chunk.Values, first);
            yield return chunk;
        }
    }

    /// <summary>Rejects the first NaN/infinity of a chunk, naming its row (counted from 0 in the source) and column.</summary>
    public static void CheckFinite(IMatrixSource source, ReadOnlySpan<float> chunk, long firstRow)
    {
        for (int i = 0; i < chunk.Length; i++)
            if (!float.IsFinite(chunk[i]))
                throw new PidInputException($"{source.Source}: row {firstRow + i / source.Columns}, column {i % source.Columns} " +
                    $"(counted from 0) is {chunk[i]}; data must be finite.") { Row = firstRow + i / source.Columns, Column = i % source.Columns, Value = chunk[i] };
    }
}

using PidGpu.Formats.Arrays;

namespace PidGpu.Pipeline;

/// <summary>Finds samples with a NaN or infinite value in any of several row-aligned matrices.</summary>
internal static class NonFiniteRows
{
    /// <summary>Sorted indices of the rows to keep (finite in every source); null when every row is finite.</summary>
    public static long[]? KeptRows(IReadOnlyList<IMatrixSource> sources, int chunkValues = 1 << 22)
    {
        long rows = sources[0].Rows;
        var bad = new bool[rows];
        long badCount = 0;
        foreach (var s in sources)
        {
            int chunkRows = Math.Max(1, chunkValues / Math.Max(1, s.Columns));
            var buffer = new float[(long)Math.Min(chunkRows, rows) * s.Columns];
            for (long first = 0; first < rows; first += chunkRows)
            {
                int n = (int)Math.Min(chunkRows, rows - first);
                var span = buffer.AsSpan(0, n * s.Columns);
                s.ReadRows(first, span);
                for (int i = 0; i < span.Length; i++)
                    if (!float.IsFinite(span[i]) && !bad[first + i / s.Columns])
                    {
                        bad[first + i / s.Columns] = true;
                        badCount++;
                    }
            }
        }
        if (badCount == 0) return null;
        var kept = new long[rows - badCount];
        long k = 0;
        for (long r = 0; r < rows; r++)
            if (!bad[r]) kept[k++] = r;
        return kept;
    }

    /// <summary>The error for a non-finite value at (<paramref name="row"/>, <paramref name="column"/>), both counted from 0
    /// and carried as fields. <paramref name="setting"/> names the option that would skip such rows, when the route has one.</summary>
    public static PidInputException Error(IMatrixSource source, long row, int column, string? setting)
    {
        string problem = $"{source.Source}: row {row}, column {column} (counted from 0) is not finite (NaN or infinite)";
        return new PidInputException(setting is null ? problem + "." : $"{problem}; fix the data or drop such rows ({setting}).")
        {
            Setting = setting, Problem = problem, Row = row, Column = column, Value = source.ReadRows(row, 1)[column],
        };
    }
}

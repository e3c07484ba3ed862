using System.Globalization;
using PidGpu.Pid;

namespace PidGpu.Formats;

/// <summary>
/// Reads integer-coded samples from a CSV whose header has columns x1, x2 and y (any order; other columns
/// are ignored), one row per sample, into their empirical joint distribution.
/// Rows are numbered from 1 after the header in error messages.
/// </summary>
public static class CountsCsvReader
{
    static readonly string[] Columns = ["x1", "x2", "y"];

    /// <exception cref="PidInputException">Missing file or column, a non-integer or negative code, or no rows.</exception>
    public static JointDistribution Read(string path)
    {
        var (x1, x2, y) = ReadCodes(path);
        return JointDistribution.FromCodes(x1, x2, y, source: path);
    }

    /// <summary>The three code columns, one entry per row, checked to be integers in range.</summary>
    public static (int[] X1, int[] X2, int[] Y) ReadCodes(string path)
    {
        var lines = InputFile.ReadLines(path);
        if (lines.Count == 0)
            throw new PidInputException($"{path}: the file is empty (expected a header with columns x1,x2,y).");
        var header = CsvLine.Split(lines[0]);
        var index = Columns.Select(c => CsvLine.ColumnIndex(header, c, path)).ToArray();
        int rows = lines.Count - 1;
        if (rows == 0)
            throw new PidInputException($"{path}: no data rows after the header.");

        var codes = Columns.Select(_ => new int[rows]).ToArray();
        for (int r = 0; r < rows; r++)
        {
            var fields = CsvLine.Split(lines[r + 1]);
            if (fields.Length != header.Length)
                throw new PidInputException($"{path}: row {r + 1} has {fields.Length} fields but the header has {header.Length}.");
            for (int c = 0; c < Columns.Length; c++)
                codes[c][r] = Code(fields[index[c]], Columns[c], r + 1, path);
        }
        return (codes[0], codes[1], codes[2]);
    }

    static int Code(string field, string column, int row, string path)
    {
        if (!long.TryParse(field, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v))
            throw new PidInputException($"{path}: row {row}, column {column}: '{field}' is not an integer code.");
        if (v < 0)
            throw new PidInputException($"{path}: row {row}, column {column}: code {v} is negative; codes are 0, 1, 2, ...");
        // Codes index the joint table, so one this large could never fit in it.
        if (v >= JointDistribution.MaxCells)
            throw new PidInputException($"{path}: row {row}, column {column}: code {v} is too large (the joint table holds at most {JointDistribution.MaxCells} cells).");
        return (int)v;
    }
}

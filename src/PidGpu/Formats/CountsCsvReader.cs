using System.Globalization;
using PidGpu.Estimate;

namespace PidGpu.Formats;

/// <summary>
/// Reads integer-coded samples from a CSV whose header has columns x1, x2 and y (any order; other columns
/// are ignored), one row per sample, into their empirical joint distribution. Codes may be any non-negative
/// integers: each variable's distinct codes are renumbered 0..k−1 (<see cref="CompactCodes"/>), and the
/// distinct counts must fit the joint-table budget (<see cref="JointDistribution.MaxCells"/> cells).
/// Rows are numbered from 1 after the header in error messages.
/// </summary>
public static class CountsCsvReader
{
    static readonly string[] Columns = ["x1", "x2", "y"];

    /// <exception cref="PidInputException">Missing file or column, a non-integer or negative code, no rows, or too many
    /// distinct codes for the joint table.</exception>
    public static JointDistribution Read(string path)
    {
        var (x1, x2, y) = ReadCodes(path);
        return JointDistribution.FromCodes(x1.Codes, x2.Codes, y.Codes, x1.Alphabet, x2.Alphabet, y.Alphabet, source: path);
    }

    /// <summary>The three code columns, one entry per row, each renumbered 0..k−1 (with the original codes kept).</summary>
    public static (CompactCodes X1, CompactCodes X2, CompactCodes Y) ReadCodes(string path)
    {
        var lines = InputFile.ReadLines(path);
        if (lines.Count == 0)
            throw new PidInputException($"{path}: the file is empty (expected a header with columns x1,x2,y).");
        var header = CsvLine.Split(lines[0]);
        var index = Columns.Select(c => CsvLine.ColumnIndex(header, c, path)).ToArray();
        int rows = lines.Count - 1;
        if (rows == 0)
            throw new PidInputException($"{path}: no data rows after the header.");

        var codes = Columns.Select(_ => new long[rows]).ToArray();
        for (int r = 0; r < rows; r++)
        {
            var fields = CsvLine.Split(lines[r + 1]);
            if (fields.Length != header.Length)
                throw new PidInputException($"{path}: row {r + 1} has {fields.Length} fields but the header has {header.Length}.") { Row = r };
            for (int c = 0; c < Columns.Length; c++)
                codes[c][r] = Code(fields[index[c]], Columns[c], r + 1, path);
        }
        var compact = codes.Select(CompactCodes.Of).ToArray();
        long cells = (long)compact[0].Alphabet * compact[1].Alphabet * compact[2].Alphabet;
        if (cells > JointDistribution.MaxCells)
            throw new PidInputException($"{path}: {compact[0].Alphabet} distinct x1 codes x {compact[1].Alphabet} x2 x " +
                $"{compact[2].Alphabet} y make a joint table of {cells} cells, over the budget of {JointDistribution.MaxCells} cells " +
                $"({(long)JointDistribution.MaxCells * sizeof(double) >> 20} MiB); merge rare codes or bin the variables more coarsely.");
        return (compact[0], compact[1], compact[2]);
    }

    static long Code(string field, string column, int row, string path)
    {
        if (!long.TryParse(field, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v))
            throw new PidInputException(field.Length > 0 && field.TrimStart('-', '+').All(char.IsAsciiDigit)
                ? $"{path}: row {row}, column {column}: code {field} is too large (codes go up to {long.MaxValue})."
                : $"{path}: row {row}, column {column}: '{field}' is not an integer code.") { Row = row - 1 };
        if (v < 0)
            throw new PidInputException($"{path}: row {row}, column {column}: code {v} is negative; codes are 0, 1, 2, ...") { Row = row - 1 };
        return v;
    }
}

using System.Globalization;

namespace PidGpu.Formats;

/// <summary>
/// Reads one column of floats. <c>FILE</c>: one number per line, the first line may be a header.
/// <c>FILE:NAME</c>: the column NAME of a CSV with a header. Rows are numbered from 1 after any header.
/// </summary>
public static class FloatColumnReader
{
    /// <param name="spec">A path, or <c>path:column</c> to pick a CSV column.</param>
    /// <exception cref="PidInputException">Missing file or column, a non-numeric, NaN or infinite value, or no values.</exception>
    public static float[] Read(string spec)
    {
        var (path, column) = SplitSpec(spec);
        var lines = InputFile.ReadLines(path);
        if (lines.Count == 0)
            throw new PidInputException($"{spec}: the file is empty.");
        return column is null ? ReadSingle(lines, spec) : ReadColumn(lines, column, spec, path);
    }

    /// <summary>A path that exists wins, so file names containing ':' still work without a column.</summary>
    static (string Path, string? Column) SplitSpec(string spec)
    {
        int colon = spec.LastIndexOf(':');
        if (File.Exists(spec) || colon <= 0 || colon == spec.Length - 1) return (spec, null);
        return (spec[..colon], spec[(colon + 1)..]);
    }

    static float[] ReadSingle(List<string> lines, string spec)
    {
        int first = 0;
        if (!TryNumber(lines[0].Trim(), out _))
        {
            var header = CsvLine.Split(lines[0]);
            if (header.Length > 1)
                throw new PidInputException($"{spec}: the file has several columns ({string.Join(", ", header)}); choose one with {spec}:COLUMN.");
            first = 1; // a one-word header such as "x1"
        }
        var values = new float[lines.Count - first];
        if (values.Length == 0)
            throw new PidInputException($"{spec}: no values after the header.");
        for (int r = 0; r < values.Length; r++)
            values[r] = Value(lines[first + r].Trim(), r + 1, spec);
        return values;
    }

    static float[] ReadColumn(List<string> lines, string column, string spec, string path)
    {
        var header = CsvLine.Split(lines[0]);
        int index = CsvLine.ColumnIndex(header, column, path);
        var values = new float[lines.Count - 1];
        if (values.Length == 0)
            throw new PidInputException($"{spec}: no values after the header.");
        for (int r = 0; r < values.Length; r++)
        {
            var fields = CsvLine.Split(lines[r + 1]);
            if (fields.Length != header.Length)
                throw new PidInputException($"{spec}: row {r + 1} has {fields.Length} fields but the header has {header.Length}.") { Row = r };
            values[r] = Value(fields[index], r + 1, spec);
        }
        return values;
    }

    static float Value(string text, int row, string spec)
    {
        if (text.Length == 0)
            throw new PidInputException($"{spec}: row {row} is empty (a missing value?).") { Row = row - 1 };
        if (!TryNumber(text, out float v))
            throw new PidInputException($"{spec}: row {row} is not a number ('{text}').") { Row = row - 1 };
        if (float.IsNaN(v))
            throw new PidInputException($"{spec}: row {row} is NaN.") { Row = row - 1, Value = v };
        if (float.IsInfinity(v))
            throw new PidInputException($"{spec}: row {row} is infinite or beyond float range ('{text}').") { Row = row - 1, Value = v };
        return v;
    }

    static bool TryNumber(string text, out float value)
        => float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}

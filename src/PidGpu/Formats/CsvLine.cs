namespace PidGpu.Formats;

/// <summary>
/// Splits one line of a simple CSV (comma-separated, no embedded commas or newlines in fields):
/// enough for numeric tables exported by pandas, numpy or spreadsheets.
/// </summary>
internal static class CsvLine
{
    public static string[] Split(string line)
    {
        var fields = line.Split(',');
        for (int i = 0; i < fields.Length; i++)
        {
            var f = fields[i].Trim();
            if (f.Length >= 2 && f[0] == '"' && f[^1] == '"') f = f[1..^1].Trim();
            fields[i] = f;
        }
        return fields;
    }

    /// <summary>Index of the named column in a header (case-insensitive), or a clear error listing what is there.</summary>
    public static int ColumnIndex(string[] header, string name, string path)
    {
        int found = -1;
        for (int i = 0; i < header.Length; i++)
        {
            if (!string.Equals(header[i], name, StringComparison.OrdinalIgnoreCase)) continue;
            if (found >= 0)
                throw new PidInputException($"{path}: column '{name}' appears twice in the header.");
            found = i;
        }
        if (found < 0)
            throw new PidInputException($"{path}: missing column '{name}' (header has: {string.Join(", ", header)}).");
        return found;
    }
}

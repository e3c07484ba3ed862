using System.Text;

namespace PidGpu.Report;

/// <summary>A plain-text table whose columns are as wide as their widest cell, so that long cells ("n/a (base &lt; 0.001 bits)")
/// stay aligned: the first <c>leftColumns</c> columns (names) are left-aligned, the rest (numbers) right-aligned.</summary>
internal static class TextTable
{
    public static string Render(IReadOnlyList<string> header, IReadOnlyList<string[]> rows, int leftColumns)
    {
        var widths = header.Select((h, c) => rows.Select(r => r[c].Length).Prepend(h.Length).Max()).ToArray();
        var sb = new StringBuilder();
        foreach (var row in rows.Prepend([.. header]))
            sb.AppendLine(string.Join(" ", row.Select((cell, c) => c < leftColumns ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).TrimEnd());
        return sb.ToString();
    }
}

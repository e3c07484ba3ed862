using System.Globalization;
using PidGpu.Formats.Arrays;

namespace PidGpu.Pipeline;

/// <summary>
/// Names a constant column of X1, X2 or Y. A constant carries no information, so every atom is the same without it:
/// dropping it is the remedy (a ridge would only hide it). Scanned only after a Gaussian solve or PCA has failed, so
/// good input pays nothing.
/// </summary>
internal static class ConstantColumns
{
    static readonly string[] Names = ["X1", "X2", "Y"];
    const int ChunkRows = 16_384;

    public static PidInputException Error(int variable, int column, string source, string value)
        => new($"{Names[variable]} column {column} (counted from 0) of {source} is constant ({value}), so it carries no " +
            $"information about anything: every atom is the same without it. Drop that column from {source} and run again.")
        {
            Column = column,
        };

    /// <summary>The first column of <paramref name="m"/> (X1, X2, Y) whose finite values are all equal, or null.</summary>
    public static PidInputException? Find(IReadOnlyList<IMatrixSource> m)
    {
        for (int k = 0; k < m.Count; k++)
        {
            int d = m[k].Columns;
            var first = new float[d];
            var seen = new bool[d];
            var varies = new bool[d];
            foreach (var chunk in RowChunks.Read(m[k], (long)ChunkRows * d, checkFinite: false))
            {
                var values = chunk.Values;
                for (int r = 0; r < chunk.Rows; r++)
                    for (int c = 0; c < d; c++)
                    {
                        float v = values[r * d + c];
                        if (!float.IsFinite(v) || varies[c]) continue;
                        if (!seen[c]) (first[c], seen[c]) = (v, true);
                        else if (v != first[c]) varies[c] = true;
                    }
                if (varies.All(x => x)) break;
            }
            for (int c = 0; c < d; c++)
                if (seen[c] && !varies[c])
                    return Error(k, c, m[k].Source, "every row is " + first[c].ToString("R", CultureInfo.InvariantCulture));
        }
        return null;
    }
}

namespace PidGpu.Formats;

/// <summary>The three matrices a Gaussian result was computed from: their names and widths (recorded in every such result).</summary>
public sealed record MatrixColumns(string X1, string X2, string Y, int D1, int D2, int DY)
{
    public static MatrixColumns Of(IReadOnlyList<Arrays.IMatrixSource> m) =>
        new(m[0].Source, m[1].Source, m[2].Source, m[0].Columns, m[1].Columns, m[2].Columns);
}

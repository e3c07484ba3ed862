namespace PidGpu.Reduce.Cpu;

/// <summary>C = A·B on the host for a row-major n×depth A and a packed B (<see cref="PackedPanels"/>): 4-row blocks of A
/// in parallel, each against every panel through <see cref="MicroKernel.Tile"/>.</summary>
static unsafe class HostGemm
{
    /// <summary>Writes the row-major n × b.Columns product into <paramref name="c"/> from <paramref name="cOffset"/> on (overwritten).</summary>
    public static void Multiply(double[] a, int n, PackedPanels b, double[] c, long cOffset = 0)
    {
        int depth = b.Depth, m = b.Columns;
        if ((long)n * depth > a.Length || cOffset + (long)n * m > c.Length)
            throw new ArgumentException($"GEMM shapes: A holds {a.Length} for {n}×{depth}, C holds {c.Length} for {n}×{m}.");
        int blocks = (n + MicroKernel.Height - 1) / MicroKernel.Height;
        Parallel.For(0, blocks, () => new double[MicroKernel.Height * MicroKernel.Width], (block, _, tile) =>
        {
            int first = block * MicroKernel.Height, rows = Math.Min(MicroKernel.Height, n - first);
            fixed (double* ap = a, bp = b.Values, cp = c, tp = tile)
            {
                double* rowA = ap + (long)first * depth;
                // Fewer than four rows left: the missing rows repeat the first (their results are dropped).
                nint step = rows == MicroKernel.Height ? depth : 0;
                for (int panel = 0; panel < b.Count; panel++)
                {
                    if (rows == MicroKernel.Height) MicroKernel.Tile(rowA, step, 1, bp + (long)panel * b.PanelLength, depth, tp);
                    else RaggedTile(rowA, depth, rows, bp + (long)panel * b.PanelLength, tp);
                    int col = panel * MicroKernel.Width, cols = Math.Min(MicroKernel.Width, m - col);
                    for (int i = 0; i < rows; i++)
                        for (int j = 0; j < cols; j++) cp[cOffset + (long)(first + i) * m + col + j] = tp[i * MicroKernel.Width + j];
                }
            }
            return tile;
        }, _ => { });
    }

    /// <summary>The last 1–3 rows: one tile per row (row i of the tile is row 0 of that call).</summary>
    static void RaggedTile(double* rowA, int depth, int rows, double* panel, double* tile)
    {
        double* one = stackalloc double[MicroKernel.Height * MicroKernel.Width];
        for (int i = 0; i < rows; i++)
        {
            MicroKernel.Tile(rowA + (long)i * depth, 0, 1, panel, depth, one);
            for (int j = 0; j < MicroKernel.Width; j++) tile[i * MicroKernel.Width + j] = one[j];
        }
    }
}

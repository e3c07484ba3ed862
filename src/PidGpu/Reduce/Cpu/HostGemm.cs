namespace PidGpu.Reduce.Cpu;

/// <summary>
/// Host matrix products against a packed B (<see cref="PackedPanels"/>): C = A·B for a row-major A, and C += Aᵀ·B, both
/// as 4-row blocks of the output in parallel, each against every panel through <see cref="MicroKernel.Tile"/>.
/// </summary>
static unsafe class HostGemm
{
    /// <summary>Writes the row-major n × b.Columns product A·B (A row-major n × b.Depth) into <paramref name="c"/> from
    /// <paramref name="cOffset"/> on (overwritten).</summary>
    public static void Multiply(double[] a, int n, PackedPanels b, double[] c, long cOffset = 0)
    {
        if ((long)n * b.Depth > a.Length || cOffset + (long)n * b.Columns > c.Length)
            throw new ArgumentException($"GEMM shapes: A holds {a.Length} for {n}×{b.Depth}, C holds {c.Length} for {n}×{b.Columns}.");
        Run(a, b.Depth, 1, n, b, c, cOffset, accumulate: false);
    }

    /// <summary>Adds Aᵀ·B (d × b.Columns, row-major) into <paramref name="c"/>, for A row-major b.Depth × d.</summary>
    public static void AddTransposed(double[] a, int d, PackedPanels b, double[] c)
    {
        if ((long)b.Depth * d > a.Length || (long)d * b.Columns > c.Length)
            throw new ArgumentException($"GEMM shapes: A holds {a.Length} for {b.Depth}×{d}, C holds {c.Length} for {d}×{b.Columns}.");
        Run(a, 1, d, d, b, c, 0, accumulate: true);
    }

    /// <summary>Output row i, step p reads a[i·rowStride + p·step].</summary>
    static void Run(double[] a, nint rowStride, nint step, int n, PackedPanels b, double[] c, long cOffset, bool accumulate)
    {
        int depth = b.Depth, m = b.Columns;
        int blocks = (n + MicroKernel.Height - 1) / MicroKernel.Height;
        Parallel.For(0, blocks, () => new double[MicroKernel.Height * MicroKernel.Width], (block, _, tile) =>
        {
            int first = block * MicroKernel.Height, rows = Math.Min(MicroKernel.Height, n - first);
            fixed (double* ap = a, bp = b.Values, cp = c, tp = tile)
            {
                double* rowA = ap + first * rowStride;
                for (int panel = 0; panel < b.Count; panel++)
                {
                    double* packed = bp + (long)panel * b.PanelLength;
                    if (rows == MicroKernel.Height) MicroKernel.Tile(rowA, rowStride, step, packed, depth, tp);
                    else RaggedTile(rowA, rowStride, step, rows, packed, depth, tp);
                    int col = panel * MicroKernel.Width, cols = Math.Min(MicroKernel.Width, m - col);
                    for (int i = 0; i < rows; i++)
                    {
                        double* target = cp + cOffset + (long)(first + i) * m + col;
                        for (int j = 0; j < cols; j++) target[j] = accumulate ? target[j] + tp[i * MicroKernel.Width + j] : tp[i * MicroKernel.Width + j];
                    }
                }
            }
            return tile;
        }, _ => { });
    }

    /// <summary>The last 1–3 output rows: one tile per row, the other three rows of the tile repeating it.</summary>
    static void RaggedTile(double* rowA, nint rowStride, nint step, int rows, double* panel, int depth, double* tile)
    {
        double* one = stackalloc double[MicroKernel.Height * MicroKernel.Width];
        for (int i = 0; i < rows; i++)
        {
            MicroKernel.Tile(rowA + i * rowStride, 0, step, panel, depth, one);
            for (int j = 0; j < MicroKernel.Width; j++) tile[i * MicroKernel.Width + j] = one[j];
        }
    }
}

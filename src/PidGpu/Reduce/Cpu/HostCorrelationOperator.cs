using PidGpu.Formats.Arrays;

namespace PidGpu.Reduce.Cpu;

/// <summary>
/// <see cref="ICorrelationOperator"/> on the host: per block of 32 rows, Y = (X − mean)·(Q/scale) and W += (X − mean)ᵀ·Y
/// fused in cache (<see cref="RowBlockProducts"/>), blocks in parallel, 2·N·d·m multiply-adds per product. m is best a
/// multiple of <see cref="BlockWidth"/>: the panels compute that many columns anyway. Moments as on the device (shifted sums
/// in double, shift = the first chunk's means). A source of at most <c>residentValues</c> floats is kept in memory,
/// a larger one re-read chunk by chunk on every product.
/// </summary>
sealed class HostCorrelationOperator : ICorrelationOperator
{
    readonly IMatrixSource source;
    readonly int chunkRows;
    readonly float[]? resident;
    readonly float[] chunk;
    readonly System.Collections.Concurrent.ConcurrentBag<RowBlockWorkspace> workspaces = [];
    double[]? scale;

    public double[] Mean { get; }
    public double[] Variance { get; }

    public HostCorrelationOperator(IMatrixSource source, int chunkValues, long residentValues)
    {
        this.source = source;
        int d = source.Columns;
        long n = source.Rows;
        chunkRows = RowChunks.ChunkRows(source, chunkValues);
        if (n * d <= residentValues) resident = new float[n * d];
        chunk = new float[(long)chunkRows * d];
        var shift = new double[d];
        var s1 = new double[d];
        var s2 = new double[d];
        for (long first = 0; first < n; first += chunkRows)
        {
            var rows = Read(first, check: true);
            int count = rows.Length / d;
            if (first == 0)
            {
                for (int r = 0; r < count; r++)
                    for (int c = 0; c < d; c++) shift[c] += rows[r * d + c];
                for (int c = 0; c < d; c++) shift[c] /= count;
            }
            for (int r = 0; r < count; r++)
                for (int c = 0; c < d; c++)
                {
                    double v = rows[r * d + c] - shift[c];
                    s1[c] += v;
                    s2[c] += v * v;
                }
        }
        Mean = new double[d];
        Variance = new double[d];
        for (int c = 0; c < d; c++)
        {
            Mean[c] = shift[c] + s1[c] / n;
            Variance[c] = Math.Max(0, (s2[c] - s1[c] * s1[c] / n) / n);
        }
    }

    /// <summary>Rows from <paramref name="first"/> on (up to a chunk), from memory or the source; the first pass checks them.</summary>
    ReadOnlySpan<float> Read(long first, bool check)
    {
        int d = source.Columns;
        int count = (int)Math.Min(chunkRows, source.Rows - first);
        if (resident is not null && !check) return resident.AsSpan((int)(first * d), count * d);
        var span = chunk.AsSpan(0, count * d);
        source.ReadRows(first, span);
        if (check) RowChunks.CheckFinite(source, span, first);
        if (resident is not null) span.CopyTo(resident.AsSpan((int)(first * d)));
        return span;
    }

    public int BlockWidth => MicroKernel.Width;

    public void Standardise(double[] columnScale) => scale = columnScale;

    public void Apply(double[] q, double[] w, int m)
    {
        if (scale is null) throw new InvalidOperationException("Standardise must come before Apply.");
        int d = source.Columns;
        long n = source.Rows;
        // Fold 1/scale into Q so the products only subtract the mean: Z·Q = (X − mean)·(Q/scale).
        var weights = new PackedPanels(q, d, m, scale);
        int width = weights.Count * MicroKernel.Width;
        var images = new double[(long)d * width];
        for (long first = 0; first < n; first += chunkRows)
        {
            var rows = Read(first, check: false);
            int count = rows.Length / d;
            int blocks = (count + RowBlockWorkspace.Rows - 1) / RowBlockWorkspace.Rows;
            unsafe
            {
                fixed (float* x = rows)
                {
                    float* from = x;
                    Parallel.For(0, blocks, () => Rent(d, weights.Count), (block, _, work) =>
                    {
                        int top = block * RowBlockWorkspace.Rows;
                        RowBlockProducts.Accumulate(from + (long)top * d, Math.Min(RowBlockWorkspace.Rows, count - top), d, Mean, weights, work);
                        return work;
                    }, work => Return(work, images, d));
                }
            }
        }
        for (int c = 0; c < d; c++)
            for (int j = 0; j < m; j++) w[c * m + j] = images[(long)c * width + j] / (n * scale[c]);
    }

    /// <summary>A cleared workspace of this shape from the pool, or a new one.</summary>
    RowBlockWorkspace Rent(int d, int panels)
    {
        while (workspaces.TryTake(out var work))
            if (work.Width == panels * MicroKernel.Width) return work;
        return new RowBlockWorkspace(d, panels);
    }

    /// <summary>Adds a thread's images into the total, clears them and pools the workspace.</summary>
    void Return(RowBlockWorkspace work, double[] images, int d)
    {
        lock (images)
            for (long i = 0; i < (long)d * work.Width; i++) images[i] += work.Images[i];
        Array.Clear(work.Images);
        workspaces.Add(work);
    }

    public void Dispose() { }
}

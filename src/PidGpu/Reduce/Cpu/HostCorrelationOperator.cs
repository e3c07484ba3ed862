using PidGpu.Formats.Arrays;

namespace PidGpu.Reduce.Cpu;

/// <summary>
/// <see cref="ICorrelationOperator"/> on the host: per chunk of rows, Y = (X − mean)·(Q/scale) and W += (X − mean)ᵀ·Y as
/// two blocked GEMMs (<see cref="HostGemm"/>), 2·N·d·m multiply-adds per product. Moments as on the device (shifted sums
/// in double, shift = the first chunk's means). A source of at most <c>residentValues</c> floats is kept in memory,
/// a larger one re-read chunk by chunk on every product.
/// </summary>
sealed class HostCorrelationOperator : ICorrelationOperator
{
    readonly IMatrixSource source;
    readonly int chunkRows;
    readonly float[]? resident;
    readonly float[] chunk;
    readonly double[] centred;
    double[]? scale;

    public double[] Mean { get; }
    public double[] Variance { get; }

    public HostCorrelationOperator(IMatrixSource source, int chunkValues, long residentValues)
    {
        this.source = source;
        int d = source.Columns;
        long n = source.Rows;
        chunkRows = (int)Math.Min(n, Math.Max(1, chunkValues / d));
        if (n * d <= residentValues) resident = new float[n * d];
        chunk = new float[(long)chunkRows * d];
        centred = new double[(long)chunkRows * d];
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
        if (check) PcaProjection.CheckFinite(source, span, first);
        if (resident is not null) span.CopyTo(resident.AsSpan((int)(first * d)));
        return span;
    }

    public void Standardise(double[] columnScale) => scale = columnScale;

    public void Apply(double[] q, double[] w, int m)
    {
        if (scale is null) throw new InvalidOperationException("Standardise must come before Apply.");
        int d = source.Columns;
        long n = source.Rows;
        // Fold 1/scale into Q so the products only subtract the mean: Z·Q = (X − mean)·(Q/scale).
        var weights = new PackedPanels(q, d, m, scale);
        var images = new double[(long)d * m];
        var scores = new double[(long)chunkRows * m];
        for (long first = 0; first < n; first += chunkRows)
        {
            var rows = Read(first, check: false);
            int count = rows.Length / d;
            Centre(rows, count);
            HostGemm.Multiply(centred, count, weights, scores);
            HostGemm.AddTransposed(centred, d, new PackedPanels(scores.AsSpan(0, count * m), count, m), images);
        }
        for (int c = 0; c < d; c++)
            for (int j = 0; j < m; j++) w[c * m + j] = images[c * m + j] / (n * scale[c]);
    }

    /// <summary>centred = rows − mean, in double, rows in parallel.</summary>
    void Centre(ReadOnlySpan<float> rows, int count)
    {
        int d = source.Columns;
        unsafe
        {
            fixed (float* x = rows)
            {
                float* from = x;
                Parallel.For(0, count, r =>
                {
                    var target = centred.AsSpan(r * d, d);
                    for (int c = 0; c < d; c++) target[c] = from[(long)r * d + c] - Mean[c];
                });
            }
        }
    }

    public void Dispose() { }
}

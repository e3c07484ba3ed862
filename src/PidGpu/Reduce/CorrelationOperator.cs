using ILGPU;
using ILGPU.Runtime;
using PidGpu.Device;
using PidGpu.Formats.Arrays;
using PidGpu.Kernels.Reduce;

namespace PidGpu.Reduce;

/// <summary>
/// The column correlation matrix C = ZᵀZ/N of a float source as an operator, never formed: Z = (X − mean)/scale is
/// applied on the fly, so W = C·Q costs two passes over the rows, (X − mean)·(Q/scale) then (X − mean)ᵀ·that, i.e.
/// 2·N·d·m multiply-adds instead of the N·d²/2 of the covariance. Construction makes one pass for the column means and
/// ML variances (shifted sums in double, shift = the first chunk's means) and rejects non-finite values. If the whole
/// source fits in <c>residentValues</c> floats it is kept on the device, else it is re-read from the source on
/// every product (later passes do not re-check finiteness: the rows are the same).
/// </summary>
sealed class CorrelationOperator : ICorrelationOperator
{
    readonly PidDevice device;
    readonly IMatrixSource source;
    readonly int chunkRows;
    readonly float[]? host;
    readonly MemoryBuffer1D<float, Stride1D.Dense> rows;
    readonly MemoryBuffer1D<double, Stride1D.Dense> meanBuffer;
    MemoryBuffer1D<double, Stride1D.Dense>? weights, scores, images;
    double[]? scale;

    public double[] Mean { get; }
    /// <summary>ML variance (divide by N) of each column.</summary>
    public double[] Variance { get; }
    bool Resident => host is null;

    public CorrelationOperator(PidDevice device, IMatrixSource source, int chunkValues, long residentValues)
    {
        this.device = device;
        this.source = source;
        int d = source.Columns;
        long n = source.Rows;
        var acc = device.Accelerator;
        var stream = device.Stream;
        chunkRows = RowChunks.ChunkRows(source, chunkValues);
        bool resident = n * d <= residentValues;
        rows = acc.Allocate1D<float>(resident ? n * d : (long)chunkRows * d);
        if (!resident) host = new float[(long)chunkRows * d];
        var chunk = host ?? new float[(long)chunkRows * d];

        using var shift = acc.Allocate1D<double>(d);
        using var sums = acc.Allocate1D<double>(2L * d);
        sums.MemSetToZero(stream);
        var kernels = KernelSet.For(acc);
        for (long first = 0; first < n; first += chunkRows)
        {
            int count = (int)Math.Min(chunkRows, n - first);
            var span = chunk.AsSpan(0, count * d);
            source.ReadRows(first, span);
            RowChunks.CheckFinite(source, span, first);
            var view = rows.View.SubView(resident ? first * d : 0, span.Length);
            device.Upload(view, chunk.AsSpan(0, span.Length), stream);
            if (first == 0) kernels.Covariance.LaunchShift(stream, d, 1, count, view, shift.View);
            kernels.CorrelationOperator.LaunchMoments(stream, count, d, view, shift.View, sums.View);
        }
        var c = device.Download<double>(shift.View, stream);
        var s = device.Download<double>(sums.View, stream);
        Mean = new double[d];
        Variance = new double[d];
        for (int col = 0; col < d; col++)
        {
            double s1 = s[col], s2 = s[d + col];
            Mean[col] = c[col] + s1 / n;
            Variance[col] = Math.Max(0, (s2 - s1 * s1 / n) / n);
        }
        meanBuffer = device.Allocate<double>(Mean);
    }

    public int BlockWidth => CorrelationOperatorKernels.Micro;

    /// <summary>Fixes the column scales (standard deviations, all &gt; 0) of Z.</summary>
    public void Standardise(double[] columnScale) => scale = columnScale;

    /// <summary>w = C·q for row-major d×m blocks (the action <see cref="SubspaceEigen.Iterate"/> needs).</summary>
    public void Apply(double[] q, double[] w, int m)
    {
        if (scale is null) throw new InvalidOperationException("Standardise must come before Apply.");
        int d = source.Columns;
        long n = source.Rows;
        var acc = device.Accelerator;
        var stream = device.Stream;
        var kernels = KernelSet.For(acc).CorrelationOperator;
        // The kernels work on 4-column micro-tiles: pad the block with zero columns (their images are zero, dropped).
        int mp = (m + CorrelationOperatorKernels.Micro - 1) / CorrelationOperatorKernels.Micro * CorrelationOperatorKernels.Micro;
        weights ??= acc.Allocate1D<double>((long)d * mp);
        scores ??= acc.Allocate1D<double>((long)chunkRows * mp);
        images ??= acc.Allocate1D<double>((long)d * mp);
        // Fold 1/scale into Q so the kernels only subtract the mean: Z·Q = (X − mean)·(Q/scale).
        var padded = new double[d * mp];
        for (int c = 0; c < d; c++)
            for (int j = 0; j < m; j++) padded[c * mp + j] = q[c * m + j] / scale[c];
        device.Upload(weights.View, padded, stream);
        images.MemSetToZero(stream);
        for (long first = 0; first < n; first += chunkRows)
        {
            int count = (int)Math.Min(chunkRows, n - first);
            ArrayView<float> view;
            if (Resident) view = rows.View.SubView(first * d, (long)count * d);
            else
            {
                var span = host.AsSpan(0, count * d);
                source.ReadRows(first, span);
                view = rows.View.SubView(0, span.Length);
                device.Upload(view, host.AsSpan(0, span.Length), stream);
            }
            var y = scores.View.SubView(0, (long)count * mp);
            kernels.LaunchScores(stream, count, d, mp, view, meanBuffer.View, weights.View, y);
            kernels.LaunchBackProject(stream, count, d, mp, view, meanBuffer.View, y, images.View);
        }
        device.Download(images.View, padded, stream);
        for (int c = 0; c < d; c++)
            for (int j = 0; j < m; j++) w[c * m + j] = padded[c * mp + j] / (n * scale[c]);
    }

    public void Dispose()
    {
        rows.Dispose();
        meanBuffer.Dispose();
        weights?.Dispose();
        scores?.Dispose();
        images?.Dispose();
    }
}

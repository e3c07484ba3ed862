using ILGPU;
using ILGPU.Runtime;
using PidGpu.Device;
using PidGpu.Formats.Arrays;
using PidGpu.Gaussian;

namespace PidGpu.Reduce;

/// <summary>
/// Fits a <see cref="PcaModel"/>: streams the source in row chunks through the device covariance
/// (<see cref="ChunkedCovariance"/>), standardises (correlation matrix R = D⁻¹·C·D⁻¹ with D = diag(std)),
/// and takes the top k eigenpairs of R — host Jacobi for d ≤ <see cref="PcaOptions.JacobiMaxColumns"/>, else
/// the device subspace iteration. The covariance is O(N·d²) work; for d ≥ <see cref="ChunkedCovariance.TiledMinColumns"/>
/// it runs as a tiled Gram product (shared-memory row blocks, register micro-tiles), still the slow part on the CPU accelerator.
/// </summary>
public static class PcaFit
{
    /// <exception cref="PidInputException">k out of range, N ≤ k, a non-finite value (row and column named) or a constant column.</exception>
    public static PcaModel Fit(PidDevice device, IMatrixSource source, PcaOptions? options = null)
    {
        options ??= new PcaOptions();
        int d = source.Columns, k = options.Components;
        if (k < 1 || k >= d)
            throw new PidInputException($"{source.Source}: PCA to k = {k} components needs 1 ≤ k < d = {d} columns" +
                (k >= d && d > 1 ? $" (with k ≥ d there is nothing to reduce; skip PCA or pick k ≤ {d - 1})." :
                 d == 1 ? " (a single column has nothing to reduce; skip PCA)." : "."));
        if (source.Rows <= k)
            throw new PidInputException($"{source.Source}: {source.Rows} rows are too few for {k} principal components (need N > k).");

        var (covariance, mean) = Covariance(device, source, options.ChunkValues);
        var scale = new double[d];
        for (int c = 0; c < d; c++)
        {
            double variance = covariance[(long)c * d + c];
            scale[c] = Math.Sqrt(Math.Max(variance, 0));
            // Spread at or below float32 resolution of the values is rounding, not signal.
            if (!(scale[c] > 0) || scale[c] <= 1e-7 * Math.Abs(mean[c]))
                throw new PidInputException($"{source.Source}: column {c} (counted from 0) is constant (variance {variance:G3} " +
                    $"around mean {mean[c]:G6}), so it cannot be standardised for PCA; remove that column.");
        }
        var correlation = new double[(long)d * d];
        double trace = 0;
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j < d; j++)
                correlation[(long)i * d + j] = 0.5 * (covariance[(long)i * d + j] + covariance[(long)j * d + i]) / (scale[i] * scale[j]);
            trace += correlation[(long)i * d + i];
        }

        var eigen = d <= options.JacobiMaxColumns
            ? JacobiEigen.Top(correlation, d, k)
            : SubspaceEigen.Top(device, correlation, d, k, options.Oversampling, options.Tolerance, options.MaxIterations, options.Seed);
        return new PcaModel(source.Source, source.Rows, mean, scale, eigen.Vectors, eigen.Values, trace, eigen);
    }

    /// <summary>ML covariance (row-major d×d) and means, accumulated on the device chunk by chunk.</summary>
    static (double[] Covariance, double[] Mean) Covariance(PidDevice device, IMatrixSource source, int chunkValues)
    {
        int d = source.Columns;
        var acc = device.Accelerator;
        int chunkRows = (int)Math.Min(source.Rows, Math.Max(1, chunkValues / d));
        var host = new float[(long)chunkRows * d];
        using var staging = acc.Allocate1D<float>(host.Length);
        using var accumulator = new ChunkedCovariance(device, d);
        for (long first = 0; first < source.Rows; first += chunkRows)
        {
            int rows = (int)Math.Min(chunkRows, source.Rows - first);
            var span = host.AsSpan(0, rows * d);
            source.ReadRows(first, span);
            PcaProjection.CheckFinite(source, span, first);
            var view = staging.View.SubView(0, span.Length);
            view.CopyFromCPU(acc.DefaultStream, host.AsSpan(0, span.Length));
            accumulator.Add(view, rows);
        }
        using var covariance = acc.Allocate1D<double>((long)d * d);
        using var mean = acc.Allocate1D<double>(d);
        accumulator.FinalizeInto(covariance.View, mean.View);
        return (covariance.GetAsArray1D(acc.DefaultStream), mean.GetAsArray1D(acc.DefaultStream));
    }
}

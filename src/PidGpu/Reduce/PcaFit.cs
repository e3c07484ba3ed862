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
/// Wide data with few components instead take the matrix-free path (<see cref="PcaOptions.Method"/>), which never forms
/// the d×d matrix: about 2·N·d·(k + oversampling) multiply-adds per iteration.
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

        if (options.MethodFor(d) == PcaMethod.MatrixFree) return FitMatrixFree(device, source, options);

        var (covariance, mean) = Covariance(device, source, options.ChunkValues);
        var scale = new double[d];
        for (int c = 0; c < d; c++)
            scale[c] = ColumnScale(source, c, covariance[(long)c * d + c], mean[c]);
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

    /// <summary>
    /// The matrix-free path: block subspace iteration with Rayleigh–Ritz (<see cref="SubspaceEigen.Iterate"/>) on the
    /// implicit correlation matrix (<see cref="CorrelationOperator"/>), i.e. a randomized range finder with power
    /// iterations (Halko, Martinsson &amp; Tropp 2011) run to a residual tolerance. Trace = Σ of the standardised
    /// variances (d up to rounding).
    /// </summary>
    static PcaModel FitMatrixFree(PidDevice device, IMatrixSource source, PcaOptions options)
    {
        int d = source.Columns, k = options.Components;
        using var correlation = new CorrelationOperator(device, source, options.ChunkValues, options.MatrixFreeResidentValues);
        var mean = correlation.Mean;
        var scale = new double[d];
        double trace = 0;
        for (int c = 0; c < d; c++)
        {
            scale[c] = ColumnScale(source, c, correlation.Variance[c], mean[c]);
            trace += correlation.Variance[c] / (scale[c] * scale[c]);
        }
        correlation.Standardise(scale);
        int m = Math.Min(d, k + Math.Max(0, options.Oversampling));
        var eigen = SubspaceEigen.Iterate((q, w) => correlation.Apply(q, w, m), d, k, m,
            options.MatrixFreeTolerance, options.MatrixFreeMaxIterations, options.Seed, "matrix-free");
        return new PcaModel(source.Source, source.Rows, mean, scale, eigen.Vectors, eigen.Values, trace, eigen);
    }

    /// <summary>The ML standard deviation of column c; a constant column (spread at float32 rounding level) is an input error.</summary>
    static double ColumnScale(IMatrixSource source, int c, double variance, double mean)
    {
        double scale = Math.Sqrt(Math.Max(variance, 0));
        // Spread at or below float32 resolution of the values is rounding, not signal.
        if (!(scale > 0) || scale <= 1e-7 * Math.Abs(mean))
            throw new PidInputException($"{source.Source}: column {c} (counted from 0) is constant (variance {variance:G3} " +
                $"around mean {mean:G6}), so it cannot be standardised for PCA; remove that column.");
        return scale;
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

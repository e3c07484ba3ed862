using PidGpu.Device;
using PidGpu.Formats.Arrays;

namespace PidGpu.Reduce;

/// <summary>
/// Fits a <see cref="PcaModel"/>: streams the source in row chunks through the covariance, standardises (correlation
/// matrix R = D⁻¹·C·D⁻¹ with D = diag(std)), and takes the top k eigenpairs of R — host Jacobi for
/// d ≤ <see cref="PcaOptions.JacobiMaxColumns"/>, else subspace iteration. The covariance (O(N·d²)) and the products run
/// on the back-end <see cref="PcaOptions.Backend"/> picks (<see cref="IReduceBackend"/>): ILGPU kernels on a GPU, blocked
/// SIMD products on the host for ILGPU's CPU accelerator. Wide data with few components may instead take the matrix-free
/// path (<see cref="PcaOptions.Method"/>), which never forms the d×d matrix. With a
/// <see cref="PcaOptions.VarianceTarget"/> k is the fewest components whose eigenvalues reach that share of the exact trace.
/// </summary>
internal static class PcaFit
{
    /// <exception cref="PidInputException">k out of range, N ≤ k, a variance target outside [0, 1), a non-finite value
    /// (row and column named) or a constant column.</exception>
    public static PcaModel Fit(PidDevice device, IMatrixSource source, PcaOptions? options = null)
    {
        options ??= new PcaOptions();
        int d = source.Columns;
        var (k, limit) = Sizes(source.Source, d, source.Rows, options);
        var backend = ReduceBackends.For(device, options.Backend);
        if (options.MethodFor(d) == PcaMethod.MatrixFree) return FitMatrixFree(backend, source, options, k, limit);

        var (covariance, mean) = backend.Covariance(source, options.ChunkValues);
        return FromCovariance(backend, source.Source, source.Rows, covariance, mean, options, k, limit);
    }

    /// <summary>
    /// The fit's accumulating stage alone: the covariance partial of <paramref name="source"/>'s rows. Parts of a data set
    /// split by samples (other processes, other machines) merge (<see cref="CovariancePartial.Merge"/>) and
    /// <see cref="FromPartial"/> finishes the fit as one run over all rows would, up to rounding.
    /// </summary>
    public static CovariancePartial Partial(PidDevice device, IMatrixSource source, PcaOptions? options = null)
    {
        options ??= new PcaOptions();
        return ReduceBackends.For(device, options.Backend).CovariancePartial(source, options.ChunkValues);
    }

    /// <summary>Finishes a fit from (merged) partial statistics: standardise and take the top eigenpairs, as
    /// <see cref="Fit"/> does on the dense path.</summary>
    /// <exception cref="PidInputException">As <see cref="Fit"/>.</exception>
    public static PcaModel FromPartial(PidDevice device, string source, CovariancePartial partial, PcaOptions? options = null)
    {
        options ??= new PcaOptions();
        var (k, limit) = Sizes(source, partial.Columns, partial.Rows, options);
        var (covariance, mean) = partial.Result();
        return FromCovariance(ReduceBackends.For(device, options.Backend), source, partial.Rows, covariance, mean, options, k, limit);
    }

    /// <summary>k (the fixed count, or a variance target's first guess) and the largest k the data allow.</summary>
    static (int K, int Limit) Sizes(string source, int d, long rows, PcaOptions options)
    {
        double target = options.VarianceTarget;
        if (!(target >= 0 && target < 1))
            throw new PidInputException($"a PCA variance target must lie in [0, 1) (0 = a fixed number of components), got {target}.");
        int k = target > 0 && d > 1 ? Math.Clamp(options.Components, 1, d - 1) : options.Components;
        if (k < 1 || k >= d)
            throw new PidInputException($"{source}: PCA to k = {k} components needs 1 ≤ k < d = {d} columns" +
                (k >= d && d > 1 ? $" (with k ≥ d there is nothing to reduce; skip PCA or pick k ≤ {d - 1})." :
                 d == 1 ? " (a single column has nothing to reduce; skip PCA)." : "."));
        if (rows <= k)
            throw new PidInputException($"{source}: {rows} rows are too few for {k} principal components (need N > k).");
        // A variance target grows k up to this (N > k and k < d as above).
        return (k, (int)Math.Min(d - 1, rows - 1));
    }

    /// <summary>The dense path after the covariance: correlation matrix, then Jacobi or subspace iteration.</summary>
    static PcaModel FromCovariance(IReduceBackend backend, string source, long rows, double[] covariance, double[] mean,
        PcaOptions options, int k, int limit)
    {
        int d = mean.Length;
        double target = options.VarianceTarget;
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

        bool jacobi = d <= options.JacobiMaxColumns;
        // Jacobi finds every eigenpair at once, so a target's search starts from the largest k.
        var eigen = ComponentCount.Grow((count, wide, start, search) => jacobi
                ? JacobiEigen.Top(correlation, d, count)
                : backend.TopEigen(correlation, d, count, options with
                {
                    Tolerance = search ? Math.Max(options.Tolerance, ComponentCount.SearchTolerance) : options.Tolerance,
                    Oversampling = Math.Max(count, wide) - count + Math.Max(0, options.Oversampling),
                }, start),
            jacobi && target > 0 ? limit : k, limit, trace, target);
        return new PcaModel(source, rows, mean, scale, eigen.Vectors, eigen.Values, trace, eigen);
    }

    /// <summary>
    /// The matrix-free path: block subspace iteration with Rayleigh–Ritz (<see cref="SubspaceEigen.Iterate"/>) on the
    /// implicit correlation matrix (<see cref="CorrelationOperator"/>), i.e. a randomized range finder with power
    /// iterations (Halko, Martinsson &amp; Tropp 2011) run to a residual tolerance. Trace = Σ of the standardised
    /// variances (d up to rounding).
    /// </summary>
    static PcaModel FitMatrixFree(IReduceBackend backend, IMatrixSource source, PcaOptions options, int k, int limit)
    {
        int d = source.Columns;
        using var correlation = backend.Correlation(source, options);
        var mean = correlation.Mean;
        var scale = new double[d];
        double trace = 0;
        for (int c = 0; c < d; c++)
        {
            scale[c] = ColumnScale(source.Source, c, correlation.Variance[c], mean[c]);
            trace += correlation.Variance[c] / (scale[c] * scale[c]);
        }
        correlation.Standardise(scale);
        var eigen = ComponentCount.Grow((count, wide, start, search) =>
        {
            // Oversampling fills the columns the products pad to anyway: more block columns, fewer iterations, same cost.
            int m = Math.Max(count, wide) + Math.Max(0, options.Oversampling);
            m = Math.Min(d, (m + correlation.BlockWidth - 1) / correlation.BlockWidth * correlation.BlockWidth);
            double tolerance = search ? Math.Max(options.MatrixFreeTolerance, ComponentCount.SearchTolerance) : options.MatrixFreeTolerance;
            return SubspaceEigen.Iterate((q, w) => correlation.Apply(q, w, m), d, count, m,
                tolerance, options.MatrixFreeMaxIterations, options.Seed, "matrix-free", start,
                options.MatrixFreeFilterDegree);
        }, k, limit, trace, options.VarianceTarget);
        return new PcaModel(source.Source, source.Rows, mean, scale, eigen.Vectors, eigen.Values, trace, eigen);
    }

    /// <summary>The ML standard deviation of column c; a constant column (spread at float32 rounding level) is an input error.</summary>
    static double ColumnScale(string source, int c, double variance, double mean)
    {
        double scale = Math.Sqrt(Math.Max(variance, 0));
        // Spread at or below float32 resolution of the values is rounding, not signal.
        if (!(scale > 0) || scale <= 1e-7 * Math.Abs(mean))
            throw new PidInputException($"{source}: column {c} (counted from 0) is constant (variance {variance:G3} " +
                $"around mean {mean:G6}), so it cannot be standardised for PCA; remove that column.") { Column = c };
        return scale;
    }
}

using ILGPU;
using ILGPU.Runtime;
using PidGpu.Device;
using PidGpu.Estimate;
using PidGpu.Kernels.Reduce;

namespace PidGpu.Reduce;

/// <summary>
/// A PCA fitted on data already on the device (N×d floats, row-major), kept there: the covariance (<see cref="ChunkedCovariance"/>,
/// device kernels), the correlation matrix and the top eigenpairs (<see cref="ResidentSubspace"/>) never reach the host, and
/// <see cref="ProjectInto"/> writes the scores into their column block of the joined data. What the host reads is O(m²) per
/// subspace iteration plus a few scalars (the trace, the first constant column), independent of N and d.
/// Same model as <see cref="PcaFit"/>'s (correlation PCA, largest loading positive), found by subspace iteration rather than
/// host Jacobi, so the scores agree with it to the eigensolver's tolerance.
/// </summary>
internal sealed class ResidentPca : IDisposable
{
    readonly PidDevice device;
    readonly MemoryBuffer1D<double, Stride1D.Dense> mean, scale, weights;

    public string Source { get; }
    public int Columns { get; }
    /// <summary>Components kept: k, fewer when the variable's rank is lower (see <see cref="Informative"/>).</summary>
    public int Kept { get; }
    public double[] Eigenvalues { get; }
    public double Trace { get; }
    public double Residual { get; }
    public int Iterations { get; }
    public bool Converged { get; }
    /// <summary>Block width of the subspace iteration (k + oversampling, at most d).</summary>
    public int BlockColumns { get; }

    ResidentPca(PidDevice device, string source, int columns, MemoryBuffer1D<double, Stride1D.Dense> mean,
        MemoryBuffer1D<double, Stride1D.Dense> scale, MemoryBuffer1D<double, Stride1D.Dense> weights, int kept, double[] eigenvalues,
        double trace, (double Residual, int Iterations, bool Converged, int Block) solver)
    {
        this.device = device; this.mean = mean; this.scale = scale; this.weights = weights;
        Source = source; Columns = columns; Kept = kept; Eigenvalues = eigenvalues; Trace = trace;
        (Residual, Iterations, Converged, BlockColumns) = solver;
    }

    /// <summary>Fits the top <see cref="PcaOptions.Components"/> components of <paramref name="x"/> (rows × d floats, finite).</summary>
    /// <exception cref="PidInputException">k out of [1, d), rows ≤ k, or a constant column (named).</exception>
    public static ResidentPca Fit(PidDevice device, string source, ArrayView<float> x, int rows, int d, PcaOptions options)
    {
        int k = options.Components;
        if (options.VarianceTarget > 0)
            throw new PidInputException($"{source}: the device-resident route takes a fixed number of PCA components, not a variance share.");
        if (k < 1 || k >= d)
            throw new PidInputException($"{source}: PCA to k = {k} components needs 1 ≤ k < d = {d} columns.");
        if (rows <= k)
            throw new PidInputException($"{source}: {rows} rows are too few for {k} principal components (need N > k).");
        var acc = device.Accelerator;
        var stream = device.Stream;
        var kernels = KernelSet.For(acc).ResidentPca;
        var mean = acc.Allocate1D<double>(d);
        var scale = acc.Allocate1D<double>(d);
        try
        {
            using var correlation = acc.Allocate1D<double>((long)d * d);
            using (var covariance = acc.Allocate1D<double>((long)d * d))
            {
                using (var accumulator = new ChunkedCovariance(device, d, backend: PcaBackend.Device))
                {
                    accumulator.Add(x, rows);
                    accumulator.FinalizeInto(covariance.View, mean.View);
                }
                CheckConstant(device, source, d, covariance.View, mean.View, scale.View);
                kernels.LaunchCorrelation(stream, d, covariance.View, scale.View, correlation.View);
            }
            using var trace = acc.Allocate1D<double>(1);
            kernels.LaunchTrace(stream, d, correlation.View, trace.View);
            int m = Math.Min(d, k + Math.Max(0, options.Oversampling));
            using var vectors = acc.Allocate1D<double>((long)d * m);
            var (values, residual, iterations, converged) = ResidentSubspace.Top(device, correlation.View, d, k, m, vectors.View,
                options.Tolerance, options.MaxIterations, options.Seed);
            int kept = Informative(values);
            var weights = acc.Allocate1D<double>((long)d * kept);
            kernels.LaunchWeights(stream, d, m, kept, vectors.View, scale.View, weights.View);
            return new ResidentPca(device, source, d, mean, scale, weights, kept, values[..kept],
                device.Download<double>(trace.View)[0], (residual, iterations, converged, m));
        }
        catch
        {
            mean.Dispose();
            scale.Dispose();
            throw;
        }
    }

    /// <summary>As <see cref="VariableReducer.NullComponent"/>: components below that share of the first are dropped.</summary>
    static int Informative(double[] eigenvalues) =>
        Math.Max(1, eigenvalues.Count(l => l > VariableReducer.NullComponent * eigenvalues[0]));

    /// <summary>Column spreads into <paramref name="scale"/>; a constant column is an input error (two scalars are read to name it).</summary>
    static void CheckConstant(PidDevice device, string source, int d, ArrayView<double> covariance, ArrayView<double> mean, ArrayView<double> scale)
    {
        using var first = device.Allocate<long>([long.MaxValue]);
        KernelSet.For(device.Accelerator).ResidentPca.LaunchScale(device.Stream, d, covariance, mean, scale, first.View);
        long c = device.Download<long>(first.View)[0];
        if (c == long.MaxValue) return;
        double variance = device.Download(covariance.SubView(c * d + c, 1))[0];
        double centre = device.Download(mean.SubView(c, 1))[0];
        throw new PidInputException($"{source}: column {c} (counted from 0) is constant (variance {variance:G3} around mean {centre:G6}), " +
            "so it cannot be standardised for PCA; remove that column.") { Column = (int)c };
    }

    /// <summary>Scores of the <paramref name="rows"/> rows of <paramref name="x"/> into columns offset … offset + Kept − 1 of
    /// the row-major matrix <paramref name="z"/>, <paramref name="stride"/> columns wide.</summary>
    public void ProjectInto(ArrayView<float> x, int rows, ArrayView<double> z, int stride, int offset)
        => KernelSet.For(device.Accelerator).ResidentPca.LaunchProject(device.Stream,
            new ProjectionLayout(rows, Columns, Kept, stride, offset), x, mean.View, weights.View, z);

    public void Dispose()
    {
        mean.Dispose();
        scale.Dispose();
        weights.Dispose();
    }
}

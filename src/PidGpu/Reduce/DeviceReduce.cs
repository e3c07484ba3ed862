using ILGPU;
using ILGPU.Runtime;
using PidGpu.Device;
using PidGpu.Formats.Arrays;
using PidGpu.Estimate;

namespace PidGpu.Reduce;

/// <summary>The reduce stage's dense steps as ILGPU kernels on the device (<see cref="ChunkedCovariance"/>, the
/// device subspace product, the projection kernel): the back-end for GPUs.</summary>
sealed class DeviceReduce(PidDevice device) : IReduceBackend
{
    public (double[] Covariance, double[] Mean) Covariance(IMatrixSource source, int chunkValues)
    {
        int d = source.Columns;
        var acc = device.Accelerator;
        using var accumulator = Accumulate(source, chunkValues);
        using var covariance = acc.Allocate1D<double>((long)d * d);
        using var mean = acc.Allocate1D<double>(d);
        accumulator.FinalizeInto(covariance.View, mean.View);
        return (device.Download<double>(covariance.View), device.Download<double>(mean.View));
    }

    public CovariancePartial CovariancePartial(IMatrixSource source, int chunkValues)
    {
        using var accumulator = Accumulate(source, chunkValues);
        return accumulator.Partial();
    }

    /// <summary>Streams the source through a device <see cref="ChunkedCovariance"/> (the caller disposes it).</summary>
    ChunkedCovariance Accumulate(IMatrixSource source, int chunkValues)
    {
        int d = source.Columns;
        var acc = device.Accelerator;
        using var staging = acc.Allocate1D<float>((long)RowChunks.ChunkRows(source, chunkValues) * d);
        var accumulator = new ChunkedCovariance(device, d, backend: PcaBackend.Device);
        try
        {
            foreach (var chunk in RowChunks.Read(source, chunkValues, checkFinite: true))
            {
                var view = staging.View.SubView(0, chunk.Length);
                device.Upload(view, chunk.Values);
                accumulator.Add(view, chunk.Rows);
            }
            device.Stream.Synchronize(); // the staging buffer is freed on return
            return accumulator;
        }
        catch
        {
            accumulator.Dispose();
            throw;
        }
    }

    public SymmetricEigen TopEigen(double[] a, int d, int k, PcaOptions options, double[]? start)
        => SubspaceEigen.Top(device, a, d, k, options.Oversampling, options.Tolerance, options.MaxIterations, options.Seed, start);

    public ICorrelationOperator Correlation(IMatrixSource source, PcaOptions options)
        => new CorrelationOperator(device, source, options.ChunkValues, options.MatrixFreeResidentValues);

    public double[] Project(PcaModel model, IMatrixSource source, int chunkValues)
    {
        var acc = device.Accelerator;
        using var scores = acc.Allocate1D<double>(source.Rows * model.K);
        PcaProjection.DeviceTransformInto(device, model, source, scores.View, chunkValues);
        return device.Download<double>(scores.View);
    }
}

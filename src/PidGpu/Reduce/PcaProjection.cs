using ILGPU;
using ILGPU.Runtime;
using PidGpu.Device;
using PidGpu.Formats.Arrays;

namespace PidGpu.Reduce;

/// <summary>
/// Projects data onto a fitted <see cref="PcaModel"/>: the source is streamed in row chunks and each standardised row z
/// is mapped to its k scores z·W (in double), by the device kernel on a GPU and by a blocked host GEMM on ILGPU's CPU
/// accelerator (<see cref="PcaBackend"/>).
/// </summary>
internal static class PcaProjection
{
    /// <summary>Scores of every row of <paramref name="source"/>, row-major N×k (<c>scores[r * k + j]</c>).</summary>
    /// <exception cref="PidInputException">The source's column count differs from the model's, or a value is not finite.</exception>
    public static double[] Transform(PidDevice device, PcaModel model, IMatrixSource source, int chunkValues = 1 << 22,
        PcaBackend backend = PcaBackend.Auto)
    {
        CheckShape(model, source);
        return ReduceBackends.For(device, backend).Project(model, source, chunkValues);
    }

    /// <summary>
    /// Writes the scores, row-major N×k, into the caller's device view (at least N·k doubles) on the default stream.
    /// </summary>
    public static void TransformInto(PidDevice device, PcaModel model, IMatrixSource source, ArrayView<double> scores, int chunkValues = 1 << 22,
        PcaBackend backend = PcaBackend.Auto)
    {
        CheckShape(model, source);
        if (scores.Length < source.Rows * model.K)
            throw new PidInputException($"the scores view holds {scores.Length} doubles; {source.Rows} × {model.K} are needed.");
        if (!ReduceBackends.UsesHost(device, backend))
        {
            DeviceTransformInto(device, model, source, scores, chunkValues);
            return;
        }
        var host = new Cpu.HostReduce().Project(model, source, chunkValues);
        device.Upload(scores, host);
        device.Stream.Synchronize();
    }

    /// <exception cref="PidInputException">The source's column count differs from the model's.</exception>
    internal static void CheckShape(PcaModel model, IMatrixSource source)
    {
        if (source.Columns != model.Columns)
            throw new PidInputException($"{source.Source} has {source.Columns} columns; the PCA was fitted on {model.Columns} ({model.Source}).");
    }

    /// <summary>The device kernel's projection into a view of at least N·k doubles.</summary>
    internal static void DeviceTransformInto(PidDevice device, PcaModel model, IMatrixSource source, ArrayView<double> scores, int chunkValues)
    {
        int d = model.Columns, k = model.K;
        if (source.Rows == 0) return;
        var acc = device.Accelerator;
        var stream = device.Stream;
        // Fold the standardisation into the weights: (x − mean)/scale · W = (x − mean) · (W / scale).
        var weights = new double[d * k];
        for (int c = 0; c < d; c++)
            for (int j = 0; j < k; j++) weights[c * k + j] = model.Components[c * k + j] / model.Scale[c];
        using var weightBuffer = device.Allocate<double>(weights);
        using var meanBuffer = device.Allocate<double>(model.Mean);
        int chunkRows = (int)Math.Min(source.Rows, Math.Max(1, chunkValues / d));
        var host = new float[(long)chunkRows * d];
        using var staging = acc.Allocate1D<float>(host.Length);
        var kernels = KernelSet.For(acc).Pca;
        for (long first = 0; first < source.Rows; first += chunkRows)
        {
            int rows = (int)Math.Min(chunkRows, source.Rows - first);
            var span = host.AsSpan(0, rows * d);
            source.ReadRows(first, span);
            CheckFinite(source, span, first);
            var view = staging.View.SubView(0, span.Length);
            device.Upload(view, host.AsSpan(0, span.Length));
            kernels.LaunchProject(stream, rows, d, k, view, meanBuffer.View, weightBuffer.View, scores.SubView(first * k, (long)rows * k));
        }
        stream.Synchronize();
    }

    /// <summary>Rejects the first NaN/infinity of a chunk, naming its row (counted from 0 in the source) and column.</summary>
    internal static void CheckFinite(IMatrixSource source, ReadOnlySpan<float> chunk, long firstRow)
    {
        for (int i = 0; i < chunk.Length; i++)
            if (!float.IsFinite(chunk[i]))
                throw new PidInputException($"{source.Source}: row {firstRow + i / source.Columns}, column {i % source.Columns} " +
                    $"(counted from 0) is {chunk[i]}; data must be finite.") { Row = firstRow + i / source.Columns, Column = i % source.Columns };
    }
}

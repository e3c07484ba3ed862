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
        using var staging = acc.Allocate1D<float>((long)RowChunks.ChunkRows(source, chunkValues) * d);
        var kernels = KernelSet.For(acc).Pca;
        foreach (var chunk in RowChunks.Read(source, chunkValues, checkFinite: true))
        {
            var view = staging.View.SubView(0, chunk.Length);
            device.Upload(view, chunk.Values);
            kernels.LaunchProject(stream, chunk.Rows, d, k, view, meanBuffer.View, weightBuffer.View,
                scores.SubView(chunk.First * k, (long)chunk.Rows * k));
        }
        stream.Synchronize();
    }
}

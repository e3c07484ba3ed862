using PidGpu.Device;
using PidGpu.Formats.Arrays;
using PidGpu.Estimate;
using PidGpu.Gaussianize;
using PidGpu.Pipeline;
using PidGpu.Reduce;
using PidGpu.Uncertainty;

namespace PidGpu.Bench;

/// <summary>
/// <see cref="PidFlow"/>'s stage sequence with every stage on its device back-end, as a GPU runs it today (on ILGPU's CPU
/// accelerator PidFlow takes the host back-ends instead): PCA fit (device covariance, host eigensolver) and projection
/// (the activations uploaded a second time, the N×k scores downloaded), the copula on the device (scores up and down
/// again), then the joined matrix uploaded for the estimate. The `layer` benchmark's "before" on an accelerator.
/// Assumes every reduced variable keeps its k components (true of the synthetic layers).
/// </summary>
static class DeviceBackendFlow
{
    public static PidFlowResult Run(PidDevice device, IMatrixSource x1, IMatrixSource x2, IMatrixSource y, PidFlowSettings settings)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        IMatrixSource[] sources = [x1, x2, y];
        var options = settings.PcaComponents.Options with { Backend = PcaBackend.Device };
        var data = new double[3][];
        var columns = new int[3];
        for (int v = 0; v < 3; v++)
        {
            if (settings.PcaComponents.Reduces(sources[v].Columns))
            {
                var model = PcaFit.Fit(device, sources[v], options);
                data[v] = PcaProjection.Transform(device, model, sources[v], options.ChunkValues, PcaBackend.Device);
                columns[v] = model.K;
            }
            else
            {
                data[v] = sources[v].ReadAll().Select(f => (double)f).ToArray();
                columns[v] = sources[v].Columns;
            }
        }
        int rows = checked((int)x1.Rows);
        double reduce = clock.Elapsed.TotalSeconds;
        clock.Restart();
        if (settings.Gaussianizer is not null)
            for (int v = 0; v < 3; v++)
                data[v] = new CopulaGaussianizer(device) { OnHost = false }.Transform(data[v], rows, columns[v]);
        double gaussianize = clock.Elapsed.TotalSeconds;
        clock.Restart();
        using var joined = PidFlow.Join(device, data, columns, rows);
        var mmi = PidFlow.Estimated(new GaussianResampler(device), joined.View, rows, columns, PidMeasures.Mmi, settings);
        return new PidFlowResult(rows, 0, 0, rows, [], [], mmi, null) { Timings = new PidFlowTimings(reduce, gaussianize, clock.Elapsed.TotalSeconds) };
    }
}

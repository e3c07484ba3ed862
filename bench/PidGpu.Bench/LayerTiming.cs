using System.Diagnostics;
using System.Globalization;
using PidGpu.Formats.Arrays;
using PidGpu.Estimate;
using PidGpu.Pipeline;
using PidGpu.Uncertainty;
using PidGpu.Gaussianize;

namespace PidGpu.Bench;

/// <summary>
/// `layer [--layers 4] [--features 256] [--samples 4000] [--pca 8] [--bootstrap 0]`: time and bytes moved per layer of the
/// Gaussian layer route, before (<see cref="PidFlow"/>: host arrays between the stages, as it runs on this device and with every
/// stage on its device back-end as on a GPU, <see cref="DeviceBackendFlow"/>) and after (<see cref="ResidentPidFlow"/>:
/// the data stay on the device), on the same synthetic layers as `stages` and the device of PIDGPU_BENCH_DEVICE. Each layer runs
/// both routes once after a warm-up; prints a Markdown table of medians and the largest difference in I between the routes.
/// </summary>
public static class LayerTiming
{
    public static int Run(string[] args)
    {
        var o = StageProfile.Parse(args);
        int layers = StageProfile.Int(o, "layers", 4), features = StageProfile.Int(o, "features", 256);
        int samples = StageProfile.Int(o, "samples", 4000), pca = StageProfile.Int(o, "pca", 8), bootstrap = StageProfile.Int(o, "bootstrap", 0);
        using var device = BenchDevice.Create();
        var settings = new PidFlowSettings
        {
            PcaComponents = pca, Gaussianizer = new CopulaStage(device), Measures = [PidMeasures.Mmi], Resampling = new ResamplingOptions(bootstrap, 0, 1),
        };
        Console.WriteLine($"{layers} layers × {features} features × {samples} samples (X1, X2), PCA {pca}, copula, MMI, bootstrap {bootstrap}; " +
            $"device {device.Description}; {Environment.ProcessorCount} cores");
        var routes = new (string Name, Func<InMemoryMatrix, InMemoryMatrix, InMemoryMatrix, (double I, PidFlowTimings Stages)> Run)[]
        {
            ("PidFlow (before)", (x1, x2, y) => new PidFlow(device).Run(x1, x2, y, settings) is var r ? (r.Mmi!.Atoms.I, r.Timings) : default),
            ("PidFlow, device back-ends (before, as on a GPU)",
                (x1, x2, y) => DeviceBackendFlow.Run(device, x1, x2, y, settings) is var r ? (r.Mmi!.Atoms.I, r.Timings) : default),
            ("ResidentPidFlow (after)", (x1, x2, y) => new ResidentPidFlow(device).Run(x1, x2, y, settings) is var r ? (r.Mmi!.Atoms.I, r.Timings) : default),
        };
        var (w1, w2, wy) = StageProfile.Layer(0, 1, 32, 256);
        foreach (var route in routes) route.Run(w1, w2, wy); // compiles the kernels outside the timing

        var seconds = routes.Select(_ => new List<double>()).ToArray();
        var up = routes.Select(_ => new List<long>()).ToArray();
        var down = routes.Select(_ => new List<long>()).ToArray();
        var stages = routes.Select(_ => new List<PidFlowTimings>()).ToArray();
        double worst = 0;
        for (int layer = 0; layer < layers; layer++)
        {
            var (x1, x2, y) = StageProfile.Layer(layer, layers, features, samples);
            var information = new double[routes.Length];
            for (int r = 0; r < routes.Length; r++)
            {
                device.Transfers.Reset();
                var clock = Stopwatch.StartNew();
                (information[r], var timings) = routes[r].Run(x1, x2, y);
                seconds[r].Add(clock.Elapsed.TotalSeconds);
                stages[r].Add(timings);
                up[r].Add(device.Transfers.UploadedBytes);
                down[r].Add(device.Transfers.DownloadedBytes);
            }
            worst = Math.Max(worst, information.Max() - information.Min());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"layer {layer}: I {information[0]:F6} bits; {string.Join(", ", seconds.Select(t => $"{t[^1]:F3} s"))}"));
        }
        Console.WriteLine();
        Console.WriteLine("| Route | Seconds per layer (median) | reduce | gaussianize | estimate | Uploaded per layer | Downloaded per layer |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        for (int r = 0; r < routes.Length; r++)
        {
            double Stage(Func<PidFlowTimings, double> f) => Median(stages[r].Select(f).ToList());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {routes[r].Name} | {Median(seconds[r]):F3} | {Stage(t => t.ReduceSeconds):F3} | {Stage(t => t.GaussianizeSeconds):F3} | " +
                $"{Stage(t => t.EstimateSeconds):F3} | {Bytes(Median(up[r]))} | {Bytes(Median(down[r]))} |"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Largest spread of I across the routes: {worst:E1} bits. " +
            $"Activations per layer: {Bytes((2.0 * features + 1) * samples * sizeof(float))}."));
        return 0;
    }

    static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]);
    }

    static double Median(List<long> values) => Median(values.Select(v => (double)v).ToList());

    static string Bytes(double bytes) => bytes >= 1 << 20
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1 << 20):F2} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024:F1} KiB");
}

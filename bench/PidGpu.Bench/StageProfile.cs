using System.Diagnostics;
using System.Globalization;
using PidGpu.Report;
using PidGpu.Formats.Arrays;
using PidGpu.Estimate;
using PidGpu.Pipeline;
using PidGpu.Gaussianize;

namespace PidGpu.Bench;

/// <summary>
/// `stages`: the end-to-end time per stage, and each stage's share of the total, without BenchmarkDotNet (one run takes
/// minutes; BenchmarkDotNet's repeated invocations would take hours on 2 cores).
/// <list type="bullet">
/// <item>`stages [--layers 32] [--features 4096] [--samples 10000] [--pca 8]`: a 7B-sized synthetic activation set, generated
/// layer by layer (X1, X2: 64 factors of strength 0.95^j + unit noise, N × d floats each, so the spectrum decays as in real hidden states; Y a scalar that mixes both latents and their product with a
/// layer-dependent weight), then PID Flow (PCA, copula, Gaussian MMI) per layer. Generation stands in for forward + capture.</item>
/// <item>`stages --run RUN_DIR`: the stage times a `pidgpu analyze`/`knockout`/`demo` run recorded in its results.json.</item>
/// </list>
/// Prints a Markdown table (paste it into bench/results/).
/// </summary>
public static class StageProfile
{
    public static int Run(string[] args)
    {
        var options = Parse(args);
        if (options.TryGetValue("run", out var runDir))
        {
            var recorded = RunResults.Load(runDir).Settings;
            Console.WriteLine($"Run {runDir}: device {recorded.Device}{(recorded.Partial ? ", PARTIAL" : "")}");
            Print(recorded.StageSeconds);
            return 0;
        }
        int layers = Int(options, "layers", 32), features = Int(options, "features", 4096), samples = Int(options, "samples", 10_000);
        int pca = Int(options, "pca", 8);
        using var device = BenchDevice.Create();
        Console.WriteLine($"Synthetic set: {layers} layers × {features} features × {samples} samples (X1 and X2), PCA {pca}, copula, MMI; " +
            $"device {device.Description}; {Environment.ProcessorCount} cores");
        var stages = new Dictionary<string, double> { ["generate (stands in for forward + capture)"] = 0, ["reduce"] = 0, ["gaussianize"] = 0, ["estimate"] = 0 };
        var flow = new PidFlow(device);
        var settings = new PidFlowSettings { PcaComponents = pca, Gaussianizer = new CopulaStage(device), Measures = [PidMeasures.Mmi] };
        Warm(flow, settings);
        var total = Stopwatch.StartNew();
        double runCpuTotal = 0;
        for (int layer = 0; layer < layers; layer++)
        {
            var clock = Stopwatch.StartNew();
            var (x1, x2, y) = Layer(layer, layers, features, samples);
            stages["generate (stands in for forward + capture)"] += clock.Elapsed.TotalSeconds;
            // Process CPU seconds of the PID Flow run (mostly PCA): on a shared machine steadier than its wall time.
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var result = flow.Run(x1, x2, y, settings);
            double runCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            runCpuTotal += runCpu;
            stages["reduce"] += result.Timings.ReduceSeconds;
            stages["gaussianize"] += result.Timings.GaussianizeSeconds;
            stages["estimate"] += result.Timings.EstimateSeconds;
            var a = result.Mmi!.Atoms;
            var pcaX1 = result.Variables[0].Pca!.Eigensolver;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"layer {layer,2}: R {a.R:F3} U1 {a.U1:F3} U2 {a.U2:F3} S {a.S:F3} bits; PCA X1 {pcaX1.Solver} {pcaX1.Iterations} it, " +
                $"converged {pcaX1.Converged}; reduce {result.Timings.ReduceSeconds:F1} s, run CPU {runCpu:F1} s, total so far {total.Elapsed.TotalSeconds:F0} s"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wall {total.Elapsed.TotalSeconds:F1} s; process CPU of the PID Flow runs {runCpuTotal:F1} s, of the whole process {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:F1} s"));
        Print(stages);
        return 0;
    }

    /// <summary>Compiles the kernels on a tiny problem so that no stage is charged for it.</summary>
    static void Warm(PidFlow flow, PidFlowSettings settings)
    {
        var (x1, x2, y) = Layer(0, 1, 32, 256);
        flow.Run(x1, x2, y, settings);
    }

    internal static (InMemoryMatrix X1, InMemoryMatrix X2, InMemoryMatrix Y) Layer(int layer, int layers, int features, int samples)
    {
        var rng = new Random(20_261_202 + layer);
        var a = new float[samples];
        var b = new float[samples];
        var y = new float[samples];
        // Early layers: Y follows the image latent; late layers: the question latent and the product (synergy).
        double t = layers > 1 ? layer / (layers - 1.0) : 0;
        for (int r = 0; r < samples; r++)
        {
            a[r] = (float)((rng.NextDouble() - 0.5) * 3);
            b[r] = (float)((rng.NextDouble() - 0.5) * 3);
            y[r] = (float)((1 - t) * a[r] + t * b[r] + t * a[r] * b[r] + 0.5 * (rng.NextDouble() - 0.5));
        }
        return (new InMemoryMatrix(LowRankData.Decaying(samples, features, 64, 0.95, rng, a), features, $"layer {layer} X1"),
            new InMemoryMatrix(LowRankData.Decaying(samples, features, 64, 0.95, rng, b), features, $"layer {layer} X2"),
            new InMemoryMatrix(y, 1, $"layer {layer} Y"));
    }

    static void Print(IReadOnlyDictionary<string, double> seconds)
    {
        double total = seconds.Values.Sum();
        Console.WriteLine();
        Console.WriteLine("| Stage | Seconds | Share |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var (stage, s) in seconds)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {stage} | {s:F1} | {(total > 0 ? 100 * s / total : 0):F1} % |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| **total** | **{total:F1}** | 100 % |"));
    }

    internal static Dictionary<string, string> Parse(string[] args)
    {
        var options = new Dictionary<string, string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new ArgumentException($"stages: expected --name value pairs, got '{args[i]}'.");
            options[args[i][2..]] = args[++i];
        }
        return options;
    }

    internal static int Int(Dictionary<string, string> o, string name, int fallback) =>
        o.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
}

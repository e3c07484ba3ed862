using System.Diagnostics;
using System.Globalization;
using PidGpu.Device;
using PidGpu.Formats.Arrays;
using PidGpu.Reduce;

namespace PidGpu.Bench;

/// <summary>
/// `reduce N d host|device…`: one dense reduction of <see cref="ReductionData.Layer"/> to 95 % of the variance (fit, then
/// projection) per back-end; `reduce FILE.npy host|device…` reads the layer from a file instead (bench/peers/make_data.py
/// writes one, and bench/peers/pca_peer.py reduces the same file with numpy and scikit-learn) on ILGPU's CPU accelerator, after a small warm-up; prints wall and process CPU time (the machine
/// may be shared), the k reached, the solver's iterations, and the agreement of later back-ends with the first.
/// Not a benchmark: a single timing, for sizes too slow to repeat on the old path.
/// </summary>
public static class ReduceTiming
{
    public static int Run(string[] args)
    {
        bool fromFile = args.Length >= 2 && args[0].EndsWith(".npy", StringComparison.OrdinalIgnoreCase);
        if (args.Length < (fromFile ? 2 : 3))
        {
            Console.Error.WriteLine("usage: reduce N d host|device [...]  |  reduce FILE.npy host|device [...]");
            return 2;
        }
        var clock = Stopwatch.StartNew();
        using IMatrixSource layer = fromFile ? ReadWhole(args[0])
            : ReductionData.Layer(int.Parse(args[0], CultureInfo.InvariantCulture), int.Parse(args[1], CultureInfo.InvariantCulture));
        if (fromFile) Console.WriteLine($"read {args[0]} in {clock.Elapsed.TotalSeconds:0.00} s");
        long n = layer.Rows;
        int d = layer.Columns;
        var backends = args[(fromFile ? 1 : 2)..].Select(a => Enum.Parse<PcaBackend>(a, ignoreCase: true)).ToArray();
        using var device = PidDevice.Create(DeviceKind.Cpu);
        using var warm = ReductionData.Layer(64, 40, 2);
        Console.WriteLine($"device: {device.Accelerator.Name}; {Environment.ProcessorCount} cores; N = {n}, d = {d}, target {ReductionData.Target:P0}");
        Console.WriteLine("| back-end | fit | projection | process CPU time | k | explained | iterations | residual / λ₁ |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        var models = new List<PcaModel>();
        foreach (var backend in backends)
        {
            var options = new PcaOptions { VarianceTarget = ReductionData.Target, Backend = backend };
            PcaProjection.Transform(device, PcaFit.Fit(device, warm, options with { JacobiMaxColumns = 2 }), warm, backend: backend);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            clock.Restart();
            var model = PcaFit.Fit(device, layer, options);
            var fit = clock.Elapsed;
            PcaProjection.Transform(device, model, layer, backend: backend);
            clock.Stop();
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            models.Add(model);
            var e = model.Eigensolver;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {backend} | {fit.TotalSeconds:0.00} s | {(clock.Elapsed - fit).TotalSeconds:0.00} s | {cpu.TotalSeconds:0.00} s | {model.K} | {model.ExplainedVarianceRatio:0.0000} | {e.Iterations} | {e.Residual / model.Eigenvalues[0]:0.0E+00} |"));
        }
        foreach (var (model, backend) in models.Zip(backends).Skip(1))
        {
            double value = 0;
            for (int j = 0; j < Math.Min(model.K, models[0].K); j++)
                value = Math.Max(value, Math.Abs(model.Eigenvalues[j] - models[0].Eigenvalues[j]) / models[0].Eigenvalues[j]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{backend} vs {backends[0]}: k {model.K} vs {models[0].K}, max relative eigenvalue difference {value:0.0E+00}"));
        }
        return 0;
    }

    // Into memory first, as numpy's np.load does, so both sides time the reduction of the same in-memory matrix.
    static InMemoryMatrix ReadWhole(string path)
    {
        using var file = ArrayFile.Open(path);
        return new InMemoryMatrix(file.ReadAll(), file.Columns, path);
    }
}

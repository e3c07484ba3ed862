using BenchmarkDotNet.Attributes;
using PidGpu.Device;
using PidGpu.Formats.Arrays;
using PidGpu.Reduce;

namespace PidGpu.Bench;

/// <summary>
/// The dense reduction of one layer (ILGPU's CPU accelerator unless <see cref="BenchDevice"/> picks a GPU): PCA to 95 % of the variance (<see cref="PcaOptions.VarianceTarget"/>)
/// and the projection, by the ILGPU kernels (old path, <see cref="PcaBackend.Device"/>) and by the host SIMD products (new
/// path, <see cref="PcaBackend.Host"/>). N = 10⁴; d = 512 keeps the old path near 15 s an iteration on 2 shared cores (d = 1,024 took 45 s, d = 4,096 takes
/// minutes; `reduce` times that size once). Short job: the machine is shared.
/// </summary>
[Config(typeof(ShortInProcessConfig))]
public class DenseReductionBenchmarks
{
    public const int Rows = 10_000;

    [Params(512)]
    public int Columns;

    PidDevice device = null!;
    InMemoryMatrix layer = null!;

    [GlobalSetup]
    public void Setup()
    {
        device = BenchDevice.Create();
        layer = ReductionData.Layer(Rows, Columns);
        using var warm = ReductionData.Layer(64, 40, 2); // compiles the device kernels, JITs the host path
        foreach (var backend in new[] { PcaBackend.Device, PcaBackend.Host })
            Reduce(warm, backend, 2);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        layer.Dispose();
        device.Dispose();
    }

    double Reduce(IMatrixSource source, PcaBackend backend, int jacobiMax = 256)
    {
        var model = PcaFit.Fit(device, source, new PcaOptions { VarianceTarget = ReductionData.Target, Backend = backend, JacobiMaxColumns = jacobiMax });
        return PcaProjection.Transform(device, model, source, backend: backend)[^1];
    }

    [Benchmark(Baseline = true, Description = "ILGPU kernels (old)")]
    public double Device() => Reduce(layer, PcaBackend.Device);

    [Benchmark(Description = "host SIMD (new)")]
    public double Host() => Reduce(layer, PcaBackend.Host);
}

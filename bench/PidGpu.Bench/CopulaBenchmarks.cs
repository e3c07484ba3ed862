using BenchmarkDotNet.Attributes;
using PidGpu.Device;
using PidGpu.Gaussianize;

namespace PidGpu.Bench;

/// <summary>
/// <see cref="CopulaGaussianizer.Transform(ReadOnlySpan{double}, int, int, string)"/> of a rows × 8 double matrix
/// (upload, finiteness check, batched column merge sort, scores, download): 500 rows (a layer-wise analysis
/// variable), 4,096 and 100,000. Kernels are compiled in [GlobalSetup].
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class CopulaBenchmarks
{
    public const int Columns = 8;

    [Params(500, 4096, 100_000)]
    public int Rows;

    PidDevice device = null!;
    CopulaGaussianizer copula = null!;
    double[] values = null!;

    [GlobalSetup]
    public void Setup()
    {
        device = BenchDevice.Create();
        copula = new CopulaGaussianizer(device);
        var rng = new Random(20_261_202);
        values = new double[Rows * Columns];
        for (int i = 0; i < values.Length; i++) values[i] = rng.NextDouble() - 0.5;
        copula.Transform(values.AsSpan(0, 7 * Columns), 7, Columns); // compiles the kernels
    }

    [GlobalCleanup]
    public void Cleanup() => device.Dispose();

    [Benchmark]
    public double[] Transform() => copula.Transform(values, Rows, Columns);
}

using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using PidGpu.Device;
using PidGpu.Discretize;
using PidGpu.Gaussianize;
using PidGpu.Estimate;

namespace PidGpu.Bench;

/// <summary>
/// The three stages that run as host loops on ILGPU's CPU accelerator, each through its library class with the ILGPU kernels
/// (<c>OnHost = false</c>, the baseline of its category) and with the host <c>Parallel.For</c>/<c>Array.Sort</c> loop
/// (<c>OnHost = true</c>, the default on the CPU accelerator): the 8×8×8 joint of 10⁶ code triples
/// (<see cref="JointHistogrammer.Count"/>), one column of 10⁶ normal floats into 8 quantile bins (<see cref="Binner.Bin"/>), and the
/// copula of a 10⁵ × 8 double matrix (<see cref="CopulaGaussianizer"/>). Both paths give identical output (HostLoopEquivalenceTests).
/// Short in-process job: the kernel quantile binning takes seconds per call.
/// </summary>
[Config(typeof(ShortInProcessConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class HostLoopBenchmarks
{
    public const int Samples = 1_000_000, Bins = 8, CopulaRows = 100_000, CopulaColumns = 8;

    PidDevice device = null!;
    JointHistogrammer kernelHistogram = null!, hostHistogram = null!;
    Binner kernelBinner = null!, hostBinner = null!;
    CopulaGaussianizer kernelCopula = null!, hostCopula = null!;
    float[] column = null!;
    double[] matrix = null!;
    int[] x1 = null!, x2 = null!, y = null!;

    [GlobalSetup]
    public void Setup()
    {
        device = BenchDevice.Create();
        kernelHistogram = new JointHistogrammer(device) { OnHost = false };
        hostHistogram = new JointHistogrammer(device) { OnHost = true };
        kernelBinner = new Binner(device) { OnHost = false };
        hostBinner = new Binner(device) { OnHost = true };
        kernelCopula = new CopulaGaussianizer(device) { OnHost = false };
        hostCopula = new CopulaGaussianizer(device) { OnHost = true };
        var rng = new Random(20_261_206);
        column = Enumerable.Range(0, Samples).Select(_ => (float)Normal(rng)).ToArray();
        matrix = Enumerable.Range(0, CopulaRows * CopulaColumns).Select(_ => Normal(rng)).ToArray();
        x1 = Codes(rng); x2 = Codes(rng); y = Codes(rng);
        // Compile the kernels outside the measurement.
        kernelHistogram.Count([(x1[..100], x2[..100], y[..100])], Bins, Bins, Bins);
        kernelBinner.Bin(column.AsSpan(0, 100), Bins, BinningMode.Quantile);
        kernelCopula.Transform(matrix.AsSpan(0, 7 * CopulaColumns), 7, CopulaColumns);
    }

    static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    static int[] Codes(Random rng) => Enumerable.Range(0, Samples).Select(_ => rng.Next(Bins)).ToArray();

    [GlobalCleanup]
    public void Cleanup() => device.Dispose();

    [Benchmark(Baseline = true), BenchmarkCategory("Histogram 10^6")]
    public JointDistribution HistogramKernel() => kernelHistogram.Count([(x1, x2, y)], Bins, Bins, Bins)[0];

    [Benchmark, BenchmarkCategory("Histogram 10^6")]
    public JointDistribution HistogramHost() => hostHistogram.Count([(x1, x2, y)], Bins, Bins, Bins)[0];

    [Benchmark(Baseline = true), BenchmarkCategory("Quantile bins 10^6")]
    public int[] QuantileKernel() => kernelBinner.Bin(column, Bins, BinningMode.Quantile);

    [Benchmark, BenchmarkCategory("Quantile bins 10^6")]
    public int[] QuantileHost() => hostBinner.Bin(column, Bins, BinningMode.Quantile);

    [Benchmark(Baseline = true), BenchmarkCategory("Copula 10^5 x 8")]
    public double[] CopulaKernel() => kernelCopula.Transform(matrix, CopulaRows, CopulaColumns);

    [Benchmark, BenchmarkCategory("Copula 10^5 x 8")]
    public double[] CopulaHost() => hostCopula.Transform(matrix, CopulaRows, CopulaColumns);
}

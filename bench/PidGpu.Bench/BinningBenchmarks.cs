using BenchmarkDotNet.Attributes;
using ILGPU;
using ILGPU.Runtime;
using PidGpu.Device;
using PidGpu.Discretize;
using PidGpu.Kernels;
using PidGpu.Estimate;

namespace PidGpu.Bench;

/// <summary>
/// The float-columns path: <see cref="Binner.Bin"/> of one column of 10⁶ standard-normal floats into 8 bins
/// (uniform and quantile; host validation, upload, kernels, download), then the 8×8×8 joint from three
/// code columns of 10⁶ samples: on the host (<see cref="JointDistribution.FromCodes"/>), through the library's
/// device path (<see cref="JointHistogrammer.Count"/>, what the CLI float path uses), and the bare
/// <see cref="JointHistogram"/> kernel (codes already on the device; zeroing, launch and download of the counts).
/// Kernels are compiled in [GlobalSetup].
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class BinningBenchmarks
{
    public const int Samples = 1_000_000;
    public const int Bins = 8;
    public const int Seed = 20_250_300;

    PidDevice device = null!;
    Binner binner = null!;
    JointHistogram histogram = null!;
    JointHistogrammer histogrammer = null!;
    float[] column = null!;
    int[] x1 = null!, x2 = null!, y = null!;
    MemoryBuffer1D<int, Stride1D.Dense> dx1 = null!, dx2 = null!, dy = null!, counts = null!;
    readonly ProblemShape shape = new(Bins, Bins, Bins);

    [GlobalSetup]
    public void Setup()
    {
        device = BenchDevice.Create();
        binner = new Binner(device);
        var rng = new Random(Seed);
        column = new float[Samples];
        for (int i = 0; i < Samples; i++)
        {
            // Box–Muller: a standard normal from two uniforms.
            double u = 1.0 - rng.NextDouble(), v = rng.NextDouble();
            column[i] = (float)(Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v));
        }
        x1 = RandomCodes(rng); x2 = RandomCodes(rng); y = RandomCodes(rng);
        var acc = device.Accelerator;
        histogram = new JointHistogram(acc);
        histogrammer = new JointHistogrammer(device);
        dx1 = acc.Allocate1D(x1); dx2 = acc.Allocate1D(x2); dy = acc.Allocate1D(y);
        counts = acc.Allocate1D<int>(shape.Cells);
        binner.Bin(column, Bins, BinningMode.Uniform);
        binner.Bin(column, Bins, BinningMode.Quantile);
        HistogramKernel();
        Histogrammer();
    }

    static int[] RandomCodes(Random rng)
    {
        var codes = new int[Samples];
        for (int i = 0; i < Samples; i++) codes[i] = rng.Next(Bins);
        return codes;
    }

    [Benchmark]
    public int[] BinUniform() => binner.Bin(column, Bins, BinningMode.Uniform);

    [Benchmark]
    public int[] BinQuantile() => binner.Bin(column, Bins, BinningMode.Quantile);

    [Benchmark]
    public JointDistribution HostFromCodes() => JointDistribution.FromCodes(x1, x2, y, Bins, Bins, Bins);

    /// <summary>The library's device path (what the CLI uses): checks, copies, upload, kernel, download, normalise.</summary>
    [Benchmark]
    public JointDistribution Histogrammer() => histogrammer.Count([(x1, x2, y)], Bins, Bins, Bins)[0];

    /// <summary>The histogram kernel alone, codes already on the device: zero, launch, download the counts.</summary>
    [Benchmark]
    public int[] HistogramKernel()
    {
        var stream = device.Accelerator.DefaultStream;
        counts.MemSetToZero(stream);
        histogram.Launch(stream, shape, 1, Samples, dx1.View, dx2.View, dy.View, counts.View);
        return counts.GetAsArray1D(stream);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        dx1.Dispose(); dx2.Dispose(); dy.Dispose(); counts.Dispose();
        device.Dispose();
    }
}

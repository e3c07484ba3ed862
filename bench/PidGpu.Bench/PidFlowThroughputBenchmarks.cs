using BenchmarkDotNet.Attributes;
using PidGpu.Device;
using PidGpu.Formats.Arrays;
using PidGpu.Estimate;
using PidGpu.Pipeline;
using PidGpu.Reduce;

namespace PidGpu.Bench;

/// <summary>
/// Issue 3's throughput benchmark: the PID Flow path for X1, X2 (N × d each, low rank + noise) and a scalar Y that
/// depends on both — device covariance, PCA to k = 8, projection, then MMI and ~G-PID — plus the covariance alone.
/// Rows/s = N / mean time; bytes streamed = 2 passes (covariance, projection) × N × (2d + 1) × 4.
/// The size is N = 10⁶, d = 4,096; on the 2-core CPU accelerator that takes hours, so the default N is
/// 8,192 (set PIDGPU_BENCH_ROWS, e.g. 1000000 on a GPU). Kernels are compiled in [GlobalSetup].
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class PidFlowThroughputBenchmarks
{
    /// <summary>Features per source: PIDGPU_BENCH_FEATURES (comma-separated), default 1024 and 4096.</summary>
    [ParamsSource(nameof(FeatureCounts))]
    public int Features;

    public static IEnumerable<int> FeatureCounts =>
        (Environment.GetEnvironmentVariable("PIDGPU_BENCH_FEATURES") ?? "1024,4096").Split(',').Select(int.Parse);

    public static int Rows => int.TryParse(Environment.GetEnvironmentVariable("PIDGPU_BENCH_ROWS"), out var n) ? n : 8192;

    PidDevice device = null!;
    InMemoryMatrix x1 = null!, x2 = null!, y = null!;

    [GlobalSetup]
    public void Setup()
    {
        device = BenchDevice.Create();
        var rng = new Random(20_261_128);
        int n = Rows;
        var a = new float[n];
        var b = new float[n];
        for (int r = 0; r < n; r++) { a[r] = (float)(rng.NextDouble() - 0.5) * 3; b[r] = (float)(rng.NextDouble() - 0.5) * 3; }
        x1 = new InMemoryMatrix(LowRankData.LowRankPlusNoise(n, Features, 8, rng, a), Features, "x1");
        x2 = new InMemoryMatrix(LowRankData.LowRankPlusNoise(n, Features, 8, rng, b), Features, "x2");
        var target = new float[n];
        for (int r = 0; r < n; r++) target[r] = a[r] + b[r] + (float)(rng.NextDouble() - 0.5);
        y = new InMemoryMatrix(target, 1, "y");
        // Compile every kernel on a small problem first.
        var small1 = new InMemoryMatrix(LowRankData.LowRankPlusNoise(256, 300, 8, rng), 300, "warm-up x1");
        var small2 = new InMemoryMatrix(LowRankData.LowRankPlusNoise(256, 300, 8, rng), 300, "warm-up x2");
        new PidFlow(device).Run(small1, small2, new InMemoryMatrix(target[..256], 1, "warm-up y"), new PidFlowSettings());
        Console.WriteLine($"// rows {n}, features {Features}, bytes per pass {(long)n * (2 * Features + 1) * 4:N0}");
    }

    [GlobalCleanup]
    public void Cleanup() => device.Dispose();

    /// <summary>Covariance + PCA + projection of both sources, then MMI and ~G-PID of the 8 + 8 + 1 reduced dimensions.</summary>
    [Benchmark]
    public PidFlowResult CovariancePcaAndGaussianPid() => new PidFlow(device).Run(x1, x2, y, new PidFlowSettings());

    /// <summary>The device covariance of one N × d source (the dominant cost: O(N·d²)).</summary>
    [Benchmark]
    public double CovarianceOnly()
    {
        using var c = new ChunkedCovariance(device, Features);
        int chunkRows = Math.Max(1, (1 << 22) / Features);
        for (long first = 0; first < x1.Rows; first += chunkRows)
        {
            int rows = (int)Math.Min(chunkRows, x1.Rows - first);
            var chunk = new float[rows * Features];
            x1.ReadRows(first, chunk);
            c.Add(chunk);
        }
        return c.Result().Covariances[0][0, 0];
    }

    /// <summary>The top-8 eigenpairs of a d × d correlation matrix (Jacobi on the host up to 256 columns, else the device subspace iteration).</summary>
    [Benchmark]
    public double PcaFitOnly() => PcaFit.Fit(device, x1, new PcaOptions { Components = 8 }).ExplainedVarianceRatio;
}

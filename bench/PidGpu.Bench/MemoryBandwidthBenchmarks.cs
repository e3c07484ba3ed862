using BenchmarkDotNet.Attributes;

namespace PidGpu.Bench;

/// <summary>
/// The host's memory bandwidth, the reference for the PID Flow throughput's "fraction of bandwidth": a parallel sum
/// over 512 MB of floats (read only, like the covariance pass). GB/s = 0.5368709 GB / mean time.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class MemoryBandwidthBenchmarks
{
    const long Floats = 1L << 27;
    float[] data = null!;

    [GlobalSetup]
    public void Setup()
    {
        data = new float[Floats];
        for (long i = 0; i < Floats; i++) data[i] = i & 7;
    }

    [Benchmark]
    public double ReadHalfGigabyte()
    {
        int parts = Environment.ProcessorCount;
        var sums = new double[parts];
        Parallel.For(0, parts, p =>
        {
            long first = Floats * p / parts, last = Floats * (p + 1) / parts;
            var span = data.AsSpan((int)first, (int)(last - first));
            var vectors = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(span);
            var acc = System.Numerics.Vector<float>.Zero;
            foreach (var v in vectors) acc += v;
            sums[p] = System.Numerics.Vector.Sum(acc);
        });
        return sums.Sum();
    }
}

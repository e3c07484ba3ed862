using System.Collections.Concurrent;
using PidGpu.Kernels;

namespace PidGpu.Discretize.Cpu;

/// <summary>
/// <see cref="ColumnBinning"/>'s algorithm as host loops: the same order-preserving int keys (<see cref="ColumnBinning.ToKey"/>,
/// −0 = +0), uniform codes from the keys' extremes, quantile codes from <see cref="Array.Sort{T}(T[])"/> of the keys and the same
/// cut ranks floor(k·n/bins), so every code equals the kernel's. Used on ILGPU's CPU accelerator, where the radix sort is ~1000×
/// slower than this.
/// </summary>
static class HostBinning
{
    public static int[] Codes(ReadOnlySpan<float> values, int bins, bool quantile)
    {
        int n = values.Length;
        var keys = new int[n];
        for (int i = 0; i < n; i++) keys[i] = ColumnBinning.ToKey(values[i]);
        var codes = new int[n];
        if (quantile)
        {
            var sorted = (int[])keys.Clone();
            Array.Sort(sorted);
            var cuts = new int[bins - 1];
            for (int k = 1; k < bins; k++) cuts[k - 1] = sorted[k * (long)n / bins];
            Parallel.ForEach(Partitioner.Create(0, n, 1 << 16), range =>
            {
                for (int i = range.Item1; i < range.Item2; i++)
                {
                    int code = 0;
                    foreach (int cut in cuts) if (cut <= keys[i]) code++;
                    codes[i] = code;
                }
            });
            return codes;
        }
        int lo = int.MaxValue, hi = int.MinValue;
        foreach (int key in keys) { lo = Math.Min(lo, key); hi = Math.Max(hi, key); }
        double low = KeyToFloat(lo), width = (KeyToFloat(hi) - low) / bins;
        for (int i = 0; i < n; i++)
        {
            int code = width > 0 ? (int)((KeyToFloat(keys[i]) - low) / width) : 0;
            codes[i] = Math.Max(0, Math.Min(code, bins - 1));
        }
        return codes;
    }

    /// <summary>The inverse of <see cref="ColumnBinning.ToKey"/> (−0 comes back as +0, as in the kernel).</summary>
    static float KeyToFloat(int key) => BitConverter.Int32BitsToSingle(key >= 0 ? key : key ^ 0x7FFFFFFF);
}

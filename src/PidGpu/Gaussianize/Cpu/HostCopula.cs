using PidGpu.Kernels.Gaussianize;

namespace PidGpu.Gaussianize.Cpu;

/// <summary>
/// <see cref="CopulaTransform"/>'s algorithm as host loops, one column per task: the same order-preserving long keys
/// (<see cref="CopulaTransform.ToKey"/>, −0 = +0) sorted with their rows by <see cref="Array.Sort{TKey, TValue}(TKey[], TValue[])"/>,
/// each tie run [s, e) scored Φ⁻¹((s + e)/(2·rows)) by the kernels' <see cref="InverseNormal.Quantile"/>, so every score equals the
/// kernel's bit for bit. Used on ILGPU's CPU accelerator, where the device merge sort is far slower than this.
/// </summary>
static class HostCopula
{
    /// <summary>Index of the first NaN/±∞ in <paramref name="values"/>, or −1.</summary>
    public static long FirstNonFinite(double[] values)
    {
        for (long i = 0; i < values.LongLength; i++)
            if (!double.IsFinite(values[i])) return i;
        return -1;
    }

    /// <summary>Replaces every column of the row-major [rows × cols] <paramref name="values"/> (finite) by its normal scores.</summary>
    public static void TransformInPlace(double[] values, int rows, int cols)
    {
        Parallel.For(0, cols, c =>
        {
            var keys = new long[rows];
            var order = new int[rows];
            for (int r = 0; r < rows; r++) { keys[r] = CopulaTransform.ToKey(values[(long)r * cols + c]); order[r] = r; }
            Array.Sort(keys, order);
            for (int s = 0; s < rows;)
            {
                int e = s + 1;
                while (e < rows && keys[e] == keys[s]) e++;
                double score = InverseNormal.Quantile((s + (long)e) / (2.0 * rows));
                for (int t = s; t < e; t++) values[(long)order[t] * cols + c] = score;
                s = e;
            }
        });
    }
}

using PidGpu.Formats.Arrays;

namespace PidGpu.Tests.Support;

/// <summary>
/// A matrix computed row by row and stored nowhere: value(r, c) = load(c)·latent(r) + noise(r, c), each term a hash of its
/// indices (so any N costs no memory), with a seed per variable and a shared latent so that X1, X2 and Y depend on each
/// other. Records the largest read, to show that readers stream.
/// </summary>
public sealed class GeneratedMatrixSource(long rows, int columns, ulong seed, string name) : IMatrixSource
{
    public string Source => name;
    public long Rows => rows;
    public int Columns => columns;
    public ArrayDType DType => ArrayDType.Float32;

    /// <summary>Most rows asked for by one <see cref="ReadRows"/>.</summary>
    public long LargestReadRows { get; private set; }

    public void ReadRows(long firstRow, Span<float> destination)
    {
        long count = destination.Length / columns;
        if (destination.Length % columns != 0 || firstRow < 0 || firstRow + count > rows) throw new ArgumentOutOfRangeException(nameof(firstRow));
        LargestReadRows = Math.Max(LargestReadRows, count);
        for (long r = 0; r < count; r++)
        {
            double latent = Normal(0, (ulong)(firstRow + r), 0);
            for (int c = 0; c < columns; c++)
                destination[(int)(r * columns + c)] = (float)((0.5 + 0.5 * Uniform(seed, 0, (ulong)c)) * latent + Normal(seed, (ulong)(firstRow + r), (ulong)c + 1));
        }
    }

    /// <summary>Every value, for the in-memory comparison.</summary>
    public float[] ReadAllValues()
    {
        var values = new float[rows * columns];
        ReadRows(0, values);
        return values;
    }

    static double Normal(ulong s, ulong r, ulong c) => Uniform(s, r, c) + Uniform(s + 101, r, c) + Uniform(s + 202, r, c) - 1.5;

    static double Uniform(ulong s, ulong r, ulong c) => (Mix(Mix(Mix(s) ^ r) ^ c) >> 11) * (1.0 / (1UL << 53));

    /// <summary>SplitMix64's finaliser (Steele, Lea &amp; Flood 2014).</summary>
    static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public void Dispose() { }
}

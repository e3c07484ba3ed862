namespace PidGpu.Fuzz;

/// <summary>
/// The edges one target has lit so far, AFL-style: each edge's hit count falls into a bucket (1, 2, 3, 4–7, 8–15,
/// 16–31, 32–127, 128+), and an input is interesting when it lights an edge never seen or an edge in a bucket never
/// seen for it (a loop run more times than before).
/// </summary>
sealed class EdgeCoverage
{
    static readonly byte[] Bucket = BuildBuckets();

    readonly byte[] seen = new byte[TraceBitmap.Size];

    /// <summary>Distinct edges lit by any input so far.</summary>
    public int Edges { get; private set; }

    /// <summary>Adds an input's hit counts; true when it lit a new edge or a new bucket of a known edge.</summary>
    public bool Merge(ReadOnlySpan<byte> hits)
    {
        bool grew = false;
        var words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(hits);
        for (int w = 0; w < words.Length; w++)
        {
            if (words[w] == 0) continue; // most of the map is untouched by one input
            for (int i = w * sizeof(ulong); i < (w + 1) * sizeof(ulong); i++)
            {
                byte bucket = Bucket[hits[i]];
                if ((bucket & ~seen[i]) == 0) continue;
                if (seen[i] == 0) Edges++;
                seen[i] |= bucket;
                grew = true;
            }
        }
        return grew;
    }

    static byte[] BuildBuckets()
    {
        var b = new byte[256];
        for (int n = 1; n < 256; n++)
            b[n] = n switch { 1 => 1, 2 => 2, 3 => 4, < 8 => 8, < 16 => 16, < 32 => 32, < 128 => 64, _ => 128 };
        return b;
    }
}

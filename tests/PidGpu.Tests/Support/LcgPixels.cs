namespace PidGpu.Tests.Support;

/// <summary>
/// The synthetic pixels of Reference/pillow-bicubic.json (scripts/reference/pillow-resize.py): a 32-bit LCG,
/// state = state · 1664525 + 1013904223 mod 2^32 from the seed, each HWC byte = state &gt;&gt; 24.
/// </summary>
public static class LcgPixels
{
    public static byte[] Generate(int width, int height, uint seed)
    {
        var bytes = new byte[3 * width * height];
        uint state = seed;
        for (int i = 0; i < bytes.Length; i++)
        {
            state = unchecked(state * 1664525u + 1013904223u);
            bytes[i] = (byte)(state >> 24);
        }
        return bytes;
    }
}

namespace PidGpu.Formats;

/// <summary>
/// One variable's integer codes renumbered 0..k−1 in increasing order of the original code, so the joint table is
/// sized by the number of distinct codes, not by the largest one (a single code 67108863 would otherwise ask for a
/// table of 2^26 rows). <see cref="Values"/>[i] is the original code that i stands for.
/// </summary>
public sealed record CompactCodes(int[] Codes, long[] Values)
{
    /// <summary>Number of distinct codes (the alphabet size).</summary>
    public int Alphabet => Values.Length;

    public static CompactCodes Of(long[] original)
    {
        var values = original.Distinct().Order().ToArray();
        var index = new Dictionary<long, int>(values.Length);
        for (int i = 0; i < values.Length; i++) index[values[i]] = i;
        var codes = new int[original.Length];
        for (int r = 0; r < original.Length; r++) codes[r] = index[original[r]];
        return new CompactCodes(codes, values);
    }
}

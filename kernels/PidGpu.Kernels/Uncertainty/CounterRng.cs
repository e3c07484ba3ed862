namespace PidGpu.Kernels.Uncertainty;

/// <summary>
/// Counter-based random numbers: value (seed, stream, counter) is the counter-th output of a SplitMix64 generator
/// (Steele, Lea &amp; Flood 2014) whose state starts at Mix(seed + (stream + 1)·γ), γ = 0x9E3779B97F4A7C15; i.e.
/// Mix(Mix(seed + (stream + 1)·γ) + (counter + 1)·γ). Any thread can compute any draw, so results never depend on
/// scheduling. The same code runs in kernels and on the host (tests reproduce the resampled rows with it).
/// </summary>
internal static class CounterRng
{
    const ulong Gamma = 0x9E3779B97F4A7C15UL;

    /// <summary>The SplitMix64 output finaliser (a bijective 64-bit mix).</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Start state of stream <paramref name="stream"/> (e.g. one replicate).</summary>
    public static ulong StreamState(ulong seed, long stream) => Mix(seed + (ulong)(stream + 1) * Gamma);

    /// <summary>The counter-th 64-bit output of the stream.</summary>
    public static ulong Next(ulong streamState, long counter) => Mix(streamState + (ulong)(counter + 1) * Gamma);

    /// <summary>
    /// A uniform integer in [0, bound) from the top 53 bits: ⌊u · bound⌋ with u = (x &gt;&gt; 11)·2⁻⁵³. The
    /// non-uniformity is below bound/2⁵³ (≈1e-10 for a million rows), far under any resampling error.
    /// </summary>
    public static int Below(ulong x, int bound)
    {
        double u = (x >> 11) * (1.0 / 9007199254740992.0);
        int k = (int)(u * bound);
        return k < bound ? k : bound - 1;
    }
}

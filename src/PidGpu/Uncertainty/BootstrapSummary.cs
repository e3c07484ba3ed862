namespace PidGpu.Uncertainty;

/// <summary>Percentile bootstrap intervals of the five atoms (bits).</summary>
public sealed record BootstrapSummary(int Replicates, ulong Seed, double LowerQuantile, double UpperQuantile,
    AtomInterval R, AtomInterval U1, AtomInterval U2, AtomInterval S, AtomInterval I)
{
    /// <summary>The lower interval ends of the five atoms.</summary>
    public AtomValues Lower => new(R.Lower, U1.Lower, U2.Lower, S.Lower, I.Lower);

    /// <summary>The upper interval ends of the five atoms.</summary>
    public AtomValues Upper => new(R.Upper, U1.Upper, U2.Upper, S.Upper, I.Upper);
}

namespace PidGpu.Uncertainty;

/// <summary>Percentile bootstrap intervals of the five atoms (bits).</summary>
public sealed record BootstrapSummary(int Replicates, ulong Seed, double LowerQuantile, double UpperQuantile,
    AtomInterval R, AtomInterval U1, AtomInterval U2, AtomInterval S, AtomInterval I);

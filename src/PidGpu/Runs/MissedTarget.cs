namespace PidGpu.Runs;

/// <summary>Certified solves that stopped above their target gap: how many, and the worst one's iterations and gap.</summary>
/// <param name="Measure">"BROJA" or "gpid".</param>
public sealed record MissedTarget(string Measure, int Count, int Iterations, double GapBits, double TargetGapBits)
{
    /// <summary>The worst of <paramref name="missed"/> (largest gap), or null when there is none.</summary>
    internal static MissedTarget? Of(string measure, IReadOnlyList<Estimate.ICertifiedAtoms> missed, double targetGapBits)
    {
        if (missed.Count == 0) return null;
        var worst = missed.MaxBy(m => m.GapBits)!;
        return new MissedTarget(measure, missed.Count, worst.Iterations, worst.GapBits, targetGapBits);
    }
}

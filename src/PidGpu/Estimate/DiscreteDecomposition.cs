namespace PidGpu.Estimate;

/// <summary>The decompositions of one joint distribution under each requested measure (null where not requested), one
/// property per measure of <see cref="PidMeasures"/>, named as the measure is.</summary>
public sealed record DiscreteDecomposition(PidAtoms? IMin, PidAtoms? Mmi, BrojaAtoms? Broja)
{
    /// <summary>The atoms of <paramref name="measure"/> (a <see cref="PidMeasures"/> member), or null where it was not requested.</summary>
    public PidAtoms? Of(IPidMeasure measure) =>
        measure == PidMeasures.IMin ? IMin : measure == PidMeasures.Mmi ? Mmi : measure == PidMeasures.Broja ? Broja : null;

    /// <summary>Seconds spent solving this problem: its own BROJA solve plus its share of the batch's shared work
    /// (uploads, marginals, information terms, I_min); start-up and reading are not included.</summary>
    public double SolveSeconds { get; init; }

    /// <summary>Equal when the decompositions are; how long a solve took is not part of its value.</summary>
    public bool Equals(DiscreteDecomposition? other) =>
        other is not null && Equals(IMin, other.IMin) && Equals(Mmi, other.Mmi) && Equals(Broja, other.Broja);

    public override int GetHashCode() => HashCode.Combine(IMin, Mmi, Broja);
}

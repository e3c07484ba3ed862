namespace PidGpu.Report;

/// <summary>Layer-wise Pearson r of one atom's trajectory in two runs.</summary>
public sealed record AtomCorrelation(Atom Atom, ReadOff R);

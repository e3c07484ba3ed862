namespace PidGpu.Report;

/// <summary>The correlations of one matched series pair, and their mean over the atoms with a defined r.</summary>
/// <param name="Layers">The layers both trajectories have (the points of each correlation).</param>
public sealed record SeriesComparison(
    string ModelA, string ModelB, string Task, string Condition, int Layers,
    IReadOnlyList<AtomCorrelation> Atoms, ReadOff Mean);

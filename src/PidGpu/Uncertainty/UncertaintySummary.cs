namespace PidGpu.Uncertainty;

/// <summary>Resampling results of one decomposition; a part is null when it was not requested.</summary>
public sealed record UncertaintySummary(AtomValues Observed, BootstrapSummary? Bootstrap, PermutationSummary? Permutation);

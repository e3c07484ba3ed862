using PidGpu.Estimate;
using PidGpu.Uncertainty;

namespace PidGpu.Pipeline;

/// <summary>One Gaussian measure's atoms on the evaluated rows (a GpidAtoms for ~G-PID, with its gap), with optional
/// bootstrap intervals and shuffled-Y null.</summary>
public sealed record GaussianEstimate(PidAtoms Atoms, BootstrapSummary? Bootstrap, PermutationSummary? Permutation);

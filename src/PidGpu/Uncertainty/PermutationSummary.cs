namespace PidGpu.Uncertainty;

/// <summary>Shuffled-Y null: Y's rows are permuted against (X1, X2), destroying every dependence on Y.</summary>
/// <param name="Observed">The full-sample atoms.</param>
/// <param name="NullMean">Mean of each atom over the permutations.</param>
/// <param name="NullUpper">The <paramref name="NullQuantile"/> quantile of each atom over the permutations.</param>
/// <param name="PValueI">(1 + #{null I ≥ observed I}) / (1 + P): the permutation p-value of I(Y; X1, X2).</param>
public sealed record PermutationSummary(int Permutations, ulong Seed, double NullQuantile,
    AtomValues Observed, AtomValues NullMean, AtomValues NullUpper, double PValueI);

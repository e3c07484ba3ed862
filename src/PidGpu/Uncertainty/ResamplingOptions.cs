namespace PidGpu.Uncertainty;

/// <summary>What to resample and how to summarise it.</summary>
/// <param name="Bootstrap">Bootstrap replicates B (0 = none): each draws N rows with replacement.</param>
/// <param name="Permutations">Shuffled-Y null replicates P (0 = none).</param>
/// <param name="Seed">Seed of the counter-based generator; the same seed gives the same replicates on any device.</param>
/// <param name="LowerQuantile">Bootstrap interval lower percentile (fraction), e.g. 0.025.</param>
/// <param name="UpperQuantile">Bootstrap interval upper percentile (fraction), e.g. 0.975.</param>
/// <param name="NullQuantile">Quantile of the permutation null reported per atom, e.g. 0.95.</param>
/// <param name="MaxIndexEntries">Cap on replicates × rows row counts/permutation entries held on the device at once (batches replicates).</param>
public sealed record ResamplingOptions(int Bootstrap = 0, int Permutations = 0, ulong Seed = 0,
    double LowerQuantile = 0.025, double UpperQuantile = 0.975, double NullQuantile = 0.95, long MaxIndexEntries = 1L << 25);

using PidGpu.Formats.Arrays;

namespace PidGpu.Bench;

/// <summary>
/// One layer's states for the dense-reduction benchmarks: 64 factors of strength 0.97^j over noise of standard deviation
/// 0.2, so that 95 % of the standardised variance takes about 44 components (the layers needed about 42).
/// </summary>
public static class ReductionData
{
    public const double Target = 0.95;

    public static InMemoryMatrix Layer(int rows, int columns, int seed = 1)
        => new(LowRankData.Decaying(rows, columns, 64, 0.97, new Random(seed), noise: 0.2), columns, $"layer {rows}×{columns}");
}

namespace PidGpu.Kernels.Gaussian;

/// <summary>
/// Layout of the running statistics of <see cref="CovarianceAccumulator"/>: per problem, <see cref="Slices"/>
/// partial copies of [column sums (Columns) | upper-triangle cross-products (Pairs)], so that chunks accumulate
/// with plain adds (each entry is owned by one thread: no atomics, deterministic for a fixed slice count).
/// </summary>
internal readonly struct CovarianceShape(int columns, int slices)
{
    public readonly int Columns = columns;
    public readonly int Slices = slices;

    public int Pairs => Columns * (Columns + 1) / 2;
    public int Items => Columns + Pairs;
    public long PartialLength => (long)Slices * Items;
}

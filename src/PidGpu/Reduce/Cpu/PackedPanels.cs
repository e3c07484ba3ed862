namespace PidGpu.Reduce.Cpu;

/// <summary>
/// A depth×m matrix (row-major B[p, j]) repacked as ⌈m / 12⌉ panels of depth × 12 contiguous doubles, zero-padded
/// on the right: the operand layout <see cref="MicroKernel.Tile"/> streams.
/// </summary>
sealed class PackedPanels
{
    public int Depth { get; }
    public int Columns { get; }
    public int Count { get; }
    public double[] Values { get; }
    public int PanelLength => Depth * MicroKernel.Width;

    /// <param name="b">Row-major depth × columns.</param>
    /// <param name="columnScale">Optional: B[p, j] is divided by columnScale[p] (a row scale of B, i.e. a column scale of A).</param>
    public PackedPanels(ReadOnlySpan<double> b, int depth, int columns, ReadOnlySpan<double> columnScale = default)
    {
        Depth = depth;
        Columns = columns;
        Count = (columns + MicroKernel.Width - 1) / MicroKernel.Width;
        Values = new double[(long)Count * depth * MicroKernel.Width];
        for (int p = 0; p < depth; p++)
        {
            double divide = columnScale.IsEmpty ? 1 : columnScale[p];
            for (int j = 0; j < columns; j++)
                Values[(long)(j / MicroKernel.Width) * PanelLength + p * MicroKernel.Width + j % MicroKernel.Width] = b[p * columns + j] / divide;
        }
    }
}

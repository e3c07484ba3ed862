namespace PidGpu.Kernels.Reduce;

/// <summary>Where one variable's Rows × K scores (from Rows × Columns inputs) land in the joined row-major data:
/// row r, column Offset + j of a matrix Stride columns wide.</summary>
internal readonly struct ProjectionLayout(int rows, int columns, int k, int stride, int offset)
{
    public int Rows { get; } = rows;
    public int Columns { get; } = columns;
    public int K { get; } = k;
    public int Stride { get; } = stride;
    public int Offset { get; } = offset;
}

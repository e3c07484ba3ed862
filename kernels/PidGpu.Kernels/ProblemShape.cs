namespace PidGpu.Kernels;

/// <summary>
/// Alphabet sizes of a batch of discrete problems p(x1, x2, y), all of the same shape, stored back to back:
/// problem b occupies [b*Cells, (b+1)*Cells) with index (x1*N2 + x2)*NY + y.
/// </summary>
public readonly struct ProblemShape(int n1, int n2, int ny)
{
    public readonly int N1 = n1;
    public readonly int N2 = n2;
    public readonly int NY = ny;

    public int Cells => N1 * N2 * NY;
    public int PairCells => N1 * N2;
    public int X1Y => N1 * NY;
    public int X2Y => N2 * NY;
}

using PidGpu.Estimate;

namespace PidGpu.Estimate.Newton;

/// <summary>
/// The data of one BROJA problem as the Newton solver sees it: the marginals p(x1,y), p(x2,y) (row-major, y fastest)
/// and the cells (x1,x2) that can carry mass, i.e. those with some y where both p(x1,y) and p(x2,y) are positive.
/// Every other cell of Δ_P is forced to zero and drops out of the problem.
/// </summary>
internal sealed class BrojaMarginals
{
    public int N1 { get; }
    public int N2 { get; }
    public int NY { get; }
    public double[] P1 { get; }
    public double[] P2 { get; }
    /// <summary>Indices x1 * N2 + x2 of the cells that can carry mass.</summary>
    public int[] Cells { get; }
    /// <summary>Per cell k and y (index k * NY + y): whether p(x1,y) and p(x2,y) are both positive.</summary>
    public bool[] CellSupport { get; }

    public BrojaMarginals(int n1, int n2, int ny, double[] p1, double[] p2)
    {
        N1 = n1; N2 = n2; NY = ny; P1 = p1; P2 = p2;
        var cells = new List<int>();
        for (int x1 = 0; x1 < n1; x1++)
            for (int x2 = 0; x2 < n2; x2++)
                if (Shares(x1, x2)) cells.Add(x1 * n2 + x2);
        Cells = cells.ToArray();
        CellSupport = new bool[Cells.Length * ny];
        for (int k = 0; k < Cells.Length; k++)
            for (int y = 0; y < ny; y++) CellSupport[k * ny + y] = InSupport(Cells[k] / n2, Cells[k] % n2, y);
    }

    /// <summary>The problem of a joint distribution (its marginals from <see cref="HostInformation.Marginals"/>).</summary>
    public static BrojaMarginals FromJoint(JointDistribution joint)
    {
        var (p1, p2, _) = HostInformation.Marginals(joint);
        return new BrojaMarginals(joint.N1, joint.N2, joint.NY, p1, p2);
    }

    /// <summary>The same problem with the sources swapped (min f is symmetric in them).</summary>
    public BrojaMarginals Swapped() => new(N2, N1, NY, P2, P1);

    public bool InSupport(int x1, int x2, int y) => P1[x1 * NY + y] > 0 && P2[x2 * NY + y] > 0;

    bool Shares(int x1, int x2)
    {
        for (int y = 0; y < NY; y++) if (InSupport(x1, x2, y)) return true;
        return false;
    }
}

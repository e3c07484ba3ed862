namespace PidGpu.Estimators.Newton;

/// <summary>
/// Makes a nearly feasible Q exactly feasible (Altschuler, Weed &amp; Rigollet 2017, Algorithm 2), slice by slice in y:
/// each slice Q(·,·,y) must have rows p(x1,y) and columns p(x2,y). Over-full rows, then columns, are scaled down, and
/// the remaining deficits are filled by their rank-one product. The certified primal value is taken there.
/// </summary>
internal static class TransportRounding
{
    /// <summary>Rounds q (full table, index (x1 * N2 + x2) * NY + y) onto Δ_P in place.</summary>
    public static void Round(BrojaMarginals m, double[] q)
    {
        int n1 = m.N1, n2 = m.N2, ny = m.NY;
        var row = new double[n1];
        var col = new double[n2];
        for (int y = 0; y < ny; y++)
        {
            Sums(m, q, y, row, col);
            for (int x1 = 0; x1 < n1; x1++)
            {
                double target = m.P1[x1 * ny + y];
                if (row[x1] > target)
                    for (int x2 = 0; x2 < n2; x2++) q[(x1 * n2 + x2) * ny + y] *= target / row[x1];
            }
            Sums(m, q, y, row, col);
            for (int x2 = 0; x2 < n2; x2++)
            {
                double target = m.P2[x2 * ny + y];
                if (col[x2] > target)
                    for (int x1 = 0; x1 < n1; x1++) q[(x1 * n2 + x2) * ny + y] *= target / col[x2];
            }
            Sums(m, q, y, row, col);
            double total = 0;
            for (int x1 = 0; x1 < n1; x1++) { row[x1] = Math.Max(0, m.P1[x1 * ny + y] - row[x1]); total += row[x1]; }
            for (int x2 = 0; x2 < n2; x2++) col[x2] = Math.Max(0, m.P2[x2 * ny + y] - col[x2]);
            if (total <= 0) continue;
            for (int x1 = 0; x1 < n1; x1++)
                for (int x2 = 0; x2 < n2; x2++)
                    q[(x1 * n2 + x2) * ny + y] += row[x1] * col[x2] / total;
        }
    }

    /// <summary>
    /// Multiplicative (Sinkhorn) row and column scaling of every slice towards its marginals. From a nearly feasible Q it
    /// shrinks the residual geometrically without putting mass on empty cells, so the additive rounding that follows
    /// moves almost nothing (its rank-one fill costs about ε·log(1/ε) in f for a residual ε; scaling costs O(ε)).
    /// </summary>
    public static void Polish(BrojaMarginals m, double[] q, int sweeps)
    {
        int n1 = m.N1, n2 = m.N2, ny = m.NY;
        var row = new double[n1];
        var col = new double[n2];
        for (int it = 0; it < sweeps; it++)
            for (int y = 0; y < ny; y++)
            {
                Sums(m, q, y, row, col);
                for (int x1 = 0; x1 < n1; x1++)
                    if (row[x1] > 0)
                        for (int x2 = 0; x2 < n2; x2++) q[(x1 * n2 + x2) * ny + y] *= m.P1[x1 * ny + y] / row[x1];
                Sums(m, q, y, row, col);
                for (int x2 = 0; x2 < n2; x2++)
                    if (col[x2] > 0)
                        for (int x1 = 0; x1 < n1; x1++) q[(x1 * n2 + x2) * ny + y] *= m.P2[x2 * ny + y] / col[x2];
            }
    }

    /// <summary>f(Q) = Σ q log(q / q(x1,x2)) = −H_Q(Y | X1, X2), in nats.</summary>
    public static double Objective(BrojaMarginals m, double[] q)
    {
        double f = 0;
        int ny = m.NY;
        for (int c = 0; c < m.N1 * m.N2; c++)
        {
            double mass = 0;
            for (int y = 0; y < ny; y++) mass += q[c * ny + y];
            if (!(mass > 0)) continue;
            for (int y = 0; y < ny; y++)
            {
                double v = q[c * ny + y];
                if (v > 0) f += v * Math.Log(v / mass);
            }
        }
        return f;
    }

    static void Sums(BrojaMarginals m, double[] q, int y, double[] row, double[] col)
    {
        int n1 = m.N1, n2 = m.N2, ny = m.NY;
        Array.Clear(row);
        Array.Clear(col);
        for (int x1 = 0; x1 < n1; x1++)
            for (int x2 = 0; x2 < n2; x2++)
            {
                double v = q[(x1 * n2 + x2) * ny + y];
                row[x1] += v;
                col[x2] += v;
            }
    }
}

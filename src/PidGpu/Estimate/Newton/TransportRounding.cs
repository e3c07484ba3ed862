using System.Runtime.CompilerServices;

namespace PidGpu.Estimate.Newton;

/// <summary>
/// Makes a nearly feasible Q exactly feasible (Altschuler, Weed &amp; Rigollet 2017, Algorithm 2), slice by slice in y:
/// each slice Q(·,·,y) must have rows p(x1,y) and columns p(x2,y). Over-full rows, then columns, are scaled down, and
/// the remaining deficits are filled by their rank-one product. The certified primal value is taken there.
/// </summary>
internal static class TransportRounding
{
    /// <summary>Rounds q (full table, index (x1 * N2 + x2) * NY + y) onto Δ_P in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    /// All slices are scaled at once, in passes over q in memory order (y fastest).
    /// </summary>
    /// <param name="row">Scratch of N1 × NY doubles.</param>
    /// <param name="col">Scratch of N2 × NY doubles.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Polish(BrojaMarginals m, double[] q, int sweeps, double[] row, double[] col)
    {
        int n1 = m.N1, n2 = m.N2, ny = m.NY;
        for (int it = 0; it < sweeps; it++)
        {
            Array.Clear(row);
            for (int x1 = 0; x1 < n1; x1++)
                for (int x2 = 0; x2 < n2; x2++) Add(row.AsSpan(x1 * ny, ny), q.AsSpan((x1 * n2 + x2) * ny, ny));
            for (int i = 0; i < row.Length; i++) row[i] = row[i] > 0 ? m.P1[i] / row[i] : 1;
            Array.Clear(col);
            for (int x1 = 0; x1 < n1; x1++)
                for (int x2 = 0; x2 < n2; x2++)
                {
                    var cell = q.AsSpan((x1 * n2 + x2) * ny, ny);
                    Multiply(cell, row.AsSpan(x1 * ny, ny));
                    Add(col.AsSpan(x2 * ny, ny), cell);
                }
            for (int i = 0; i < col.Length; i++) col[i] = col[i] > 0 ? m.P2[i] / col[i] : 1;
            for (int x1 = 0; x1 < n1; x1++)
                for (int x2 = 0; x2 < n2; x2++) Multiply(q.AsSpan((x1 * n2 + x2) * ny, ny), col.AsSpan(x2 * ny, ny));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Add(Span<double> sum, ReadOnlySpan<double> x)
    {
        for (int i = 0; i < sum.Length; i++) sum[i] += x[i];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Multiply(Span<double> x, ReadOnlySpan<double> factor)
    {
        for (int i = 0; i < x.Length; i++) x[i] *= factor[i];
    }

    /// <summary>f(Q) = Σ q log(q / q(x1,x2)) = −H_Q(Y | X1, X2), in nats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

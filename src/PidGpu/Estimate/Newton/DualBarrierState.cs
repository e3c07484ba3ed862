using System.Runtime.CompilerServices;

namespace PidGpu.Estimate.Newton;

/// <summary>
/// A point (λ, μ) of the BROJA dual, max Σ λ(x1,y) p(x1,y) + Σ μ(x2,y) p(x2,y) subject to
/// g_c = log Σ_y exp(λ(x1,y) + μ(x2,y)) ≤ 0 for every cell c = (x1,x2), with the per-cell quantities the barrier
/// method needs: g_c and the softmax π_c(y) = exp(λ + μ − g_c) (zero outside the cell's support).
/// </summary>
internal sealed class DualBarrierState
{
    public readonly BrojaMarginals M;
    public readonly double[] Lambda, Mu, G, Pi;

    public DualBarrierState(BrojaMarginals m)
    {
        M = m;
        Lambda = new double[m.N1 * m.NY];
        Mu = new double[m.N2 * m.NY];
        G = new double[m.Cells.Length];
        Pi = new double[m.Cells.Length * m.NY];
    }

    /// <summary>Σ λ p1 + Σ μ p2: a lower bound on min f whenever every g_c ≤ 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double DualValue()
    {
        double d = 0;
        for (int i = 0; i < Lambda.Length; i++) if (M.P1[i] > 0) d += M.P1[i] * Lambda[i];
        for (int i = 0; i < Mu.Length; i++) if (M.P2[i] > 0) d += M.P2[i] * Mu[i];
        return d;
    }

    /// <summary>Recomputes g and π at the current (λ, μ); true when the point is strictly feasible (all g_c &lt; 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Refresh()
    {
        int n2 = M.N2, ny = M.NY;
        bool feasible = true;
        var support = M.CellSupport;
        for (int k = 0; k < M.Cells.Length; k++)
        {
            int x1 = M.Cells[k] / n2, x2 = M.Cells[k] % n2;
            var lambda = Lambda.AsSpan(x1 * ny, ny);
            var mu = Mu.AsSpan(x2 * ny, ny);
            var pi = Pi.AsSpan(k * ny, ny);
            var inSupport = support.AsSpan(k * ny, ny);
            double max = double.NegativeInfinity;
            for (int y = 0; y < ny; y++)
                if (inSupport[y]) max = Math.Max(max, lambda[y] + mu[y]);
            double sum = 0;
            for (int y = 0; y < ny; y++)
            {
                pi[y] = inSupport[y] ? Math.Exp(lambda[y] + mu[y] - max) : 0;
                sum += pi[y];
            }
            double inverse = 1 / sum;
            for (int y = 0; y < ny; y++) pi[y] *= inverse;
            G[k] = max + Math.Log(sum);
            if (!(G[k] < 0)) feasible = false;
        }
        return feasible;
    }

    /// <summary>
    /// A strictly feasible start: λ = log p(y|x1) and μ = log p(y|x2) − log p(y) give the conditionally independent
    /// coupling's conditionals; λ is then lowered per x1 until every g_c ≤ −1.
    /// </summary>
    public void Start()
    {
        int n1 = M.N1, n2 = M.N2, ny = M.NY;
        var py = new double[ny];
        for (int x2 = 0; x2 < n2; x2++) for (int y = 0; y < ny; y++) py[y] += M.P2[x2 * ny + y];
        for (int x1 = 0; x1 < n1; x1++)
        {
            double px = 0;
            for (int y = 0; y < ny; y++) px += M.P1[x1 * ny + y];
            for (int y = 0; y < ny; y++) Lambda[x1 * ny + y] = M.P1[x1 * ny + y] > 0 ? Math.Log(M.P1[x1 * ny + y] / px) : 0;
        }
        for (int x2 = 0; x2 < n2; x2++)
        {
            double px = 0;
            for (int y = 0; y < ny; y++) px += M.P2[x2 * ny + y];
            for (int y = 0; y < ny; y++)
                Mu[x2 * ny + y] = M.P2[x2 * ny + y] > 0 ? Math.Log(M.P2[x2 * ny + y] / px / py[y]) : 0;
        }
        Refresh();
        var shift = new double[n1];
        Array.Fill(shift, double.NegativeInfinity);
        for (int k = 0; k < M.Cells.Length; k++)
        {
            int x1 = M.Cells[k] / n2;
            shift[x1] = Math.Max(shift[x1], G[k]);
        }
        for (int x1 = 0; x1 < n1; x1++)
            if (shift[x1] > double.NegativeInfinity)
                for (int y = 0; y < ny; y++) Lambda[x1 * ny + y] -= shift[x1] + 1;
        Refresh();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void CopyFrom(DualBarrierState other)
    {
        other.Lambda.CopyTo(Lambda, 0);
        other.Mu.CopyTo(Mu, 0);
        other.G.CopyTo(G, 0);
        other.Pi.CopyTo(Pi, 0);
    }
}

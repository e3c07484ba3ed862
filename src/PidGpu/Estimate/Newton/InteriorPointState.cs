using System.Runtime.CompilerServices;

namespace PidGpu.Estimate.Newton;

/// <summary>
/// The iterate of <see cref="BrojaNewtonSolver"/>: the dual point (λ, μ), strictly feasible, the cell masses z &gt; 0, and
/// one Mehrotra predictor–corrector step between them. With s_c = −g_c, the step solves the Newton equations of
/// Σ_c z_c ∇g_c = p and z_c s_c = σμ: H Δx = p − Σ_c κ_c π_c with H = Σ_c z_c diag(π_c) + (z_c/s_c − z_c) π_c π_cᵀ, then
/// Δz_c = (z_c ∇g_c·Δx − r_c) / s_c. The predictor (σ = 0) measures how far μ could fall; σ = (μ_affine/μ)³ and the
/// predictor's second-order term set the corrector. All buffers are allocated once per problem.
/// </summary>
internal sealed class InteriorPointState
{
    const double ToBoundary = 0.99;      // fraction of the step to the boundary of z ≥ 0 and g ≤ 0 that is taken
    const double ShortStep = 0.1;        // a feasible predictor–corrector step shorter than this recentres instead
    const double CentredDecrement = 1e-2; // half the squared Newton decrement at which a recentring stops

    readonly BrojaMarginals m;
    readonly BarrierNewtonStep newton;
    readonly double[] s, weight, rankOne, dzAffine, dgAffine, dg, dz, bLambda, bMu;

    public DualBarrierState X { get; }
    public DualBarrierState Trial { get; }
    /// <summary>Cell masses (the primal Q_c = z_c π_c).</summary>
    public double[] Z { get; }
    /// <summary>Scratch for the rounded primal (full table).</summary>
    public double[] Rounded { get; }
    /// <summary>Scratch for the rounding's row and column sums.</summary>
    public double[] RowScratch { get; }
    public double[] ColumnScratch { get; }
    /// <summary>The last predictor direction (for <see cref="BrojaNewtonSolver"/>'s dual sharpening).</summary>
    public double[] PredictorLambda { get; }
    public double[] PredictorMu { get; }

    public InteriorPointState(BrojaMarginals marginals, bool parallel)
    {
        m = marginals;
        int cells = m.Cells.Length, ny = m.NY;
        X = new DualBarrierState(m);
        X.Start();
        Trial = new DualBarrierState(m);
        newton = new BarrierNewtonStep(m, parallel);
        Z = new double[cells];
        s = new double[cells]; weight = new double[cells]; rankOne = new double[cells];
        dzAffine = new double[cells]; dgAffine = new double[cells]; dg = new double[cells]; dz = new double[cells];
        bLambda = new double[m.N1 * ny]; bMu = new double[m.N2 * ny];
        PredictorLambda = new double[m.N1 * ny]; PredictorMu = new double[m.N2 * ny];
        Rounded = new double[m.N1 * m.N2 * ny];
        RowScratch = new double[m.N1 * ny];
        ColumnScratch = new double[m.N2 * ny];
        // Start from the conditionally independent coupling's cell masses Σ_y p(x1,y) p(x2,y) / p(y).
        var py = new double[ny];
        for (int i = 0; i < m.P2.Length; i++) py[i % ny] += m.P2[i];
        for (int k = 0; k < cells; k++)
        {
            int x1 = m.Cells[k] / m.N2, x2 = m.Cells[k] % m.N2;
            for (int y = 0; y < ny; y++)
                if (m.CellSupport[k * ny + y]) Z[k] += m.P1[x1 * ny + y] * m.P2[x2 * ny + y] / py[y];
        }
    }

    /// <summary>Σ_c z_c (−g_c): the duality gap of the pair when the primal's marginals are exact.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Complementarity()
    {
        double c = 0;
        for (int k = 0; k < Z.Length; k++) c += Z[k] * -X.G[k];
        return c;
    }

    /// <summary>
    /// One predictor–corrector step, or, where the curvature of the constraints blocks it (the feasible step is
    /// short), a recentring by damped barrier Newton steps at the current μ (<see cref="Centre"/>). Returns the Newton
    /// systems solved (the recentring takes at most <paramref name="budget"/> − 1); <see cref="Stalled"/> tells whether
    /// the point moved at all (not when the Hessian is singular or no feasible step decreases the barrier).
    /// </summary>
    public int Step(int budget)
    {
        Stalled = false;
        if (Predict(out double mu)) return 1;
        bool moved = false;
        int used = budget > 1 ? Centre(mu, budget - 1, out moved) : 0;
        Stalled = !moved;
        return 1 + used;
    }

    /// <summary>Whether the last <see cref="Step"/> could not move.</summary>
    public bool Stalled { get; private set; }

    /// <summary>The predictor–corrector step; false (nothing changed) when the feasible step is short.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    bool Predict(out double mu)
    {
        int cells = Z.Length;
        for (int k = 0; k < cells; k++)
        {
            s[k] = -X.G[k];
            weight[k] = Z[k];
            rankOne[k] = Z[k] / s[k] - Z[k];
        }
        mu = Complementarity() / cells;
        if (!newton.Factor(X, weight, rankOne)) return false;

        newton.Solve(X, m.P1, m.P2);
        newton.DLambda.CopyTo(PredictorLambda, 0);
        newton.DMu.CopyTo(PredictorMu, 0);
        Directional(dgAffine);
        for (int k = 0; k < cells; k++) dzAffine[k] = Z[k] * (dgAffine[k] / s[k] - 1);
        double alphaZ = Math.Min(1, MaxStep(Z, dzAffine, 1)), alphaX = Math.Min(1, MaxStep(s, dgAffine, -1));
        double affine = 0;
        for (int k = 0; k < cells; k++) affine += (Z[k] + alphaZ * dzAffine[k]) * (s[k] - alphaX * dgAffine[k]);
        double sigma = Math.Clamp(Math.Pow(affine / cells / mu, 3), 0, 1);

        // Corrector: κ_c = (σμ + Δz_aff Δg_aff) / s_c, right side p − Σ κ π.
        for (int k = 0; k < cells; k++) weight[k] = (sigma * mu + dzAffine[k] * dgAffine[k]) / s[k];
        RightSide(weight);
        newton.Solve(X, bLambda, bMu);
        Directional(dg);
        for (int k = 0; k < cells; k++)
        {
            double r = Z[k] * s[k] - sigma * mu - dzAffine[k] * dgAffine[k];
            dz[k] = (Z[k] * dg[k] - r) / s[k];
        }
        alphaZ = Math.Min(1, ToBoundary * MaxStep(Z, dz, 1));
        alphaX = Math.Min(1, ToBoundary * MaxStep(s, dg, -1));
        for (; alphaX > 1e-12; alphaX *= 0.5)
        {
            for (int i = 0; i < X.Lambda.Length; i++) Trial.Lambda[i] = X.Lambda[i] + alphaX * newton.DLambda[i];
            for (int i = 0; i < X.Mu.Length; i++) Trial.Mu[i] = X.Mu[i] + alphaX * newton.DMu[i];
            if (Trial.Refresh()) break;
        }
        if (!(alphaX >= ShortStep)) return false;
        X.CopyFrom(Trial);
        for (int k = 0; k < cells; k++) Z[k] += alphaZ * dz[k];
        return true;
    }

    /// <summary>
    /// Damped Newton steps on the barrier F(x) = −pᵀx/μ − Σ log(−g_c) (its minimiser is the central point for μ), with
    /// backtracking on F itself, then z = μ/(−g): the robust way back to the central path. Returns the Newton systems solved.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    int Centre(double mu, int budget, out bool movedAtAll)
    {
        int cells = Z.Length, used = 0;
        movedAtAll = false;
        while (used < budget)
        {
            for (int k = 0; k < cells; k++)
            {
                s[k] = -X.G[k];
                weight[k] = mu / s[k];
                rankOne[k] = weight[k] / s[k] - weight[k];
            }
            used++;
            if (!newton.Factor(X, weight, rankOne)) break;
            RightSide(weight);
            newton.Solve(X, bLambda, bMu);
            // Newton decrement² of F: (p − Σ w π)·Δ / μ; F's change is summed term by term so it stays exact when F is huge.
            double slope = 0, dec = 0;
            for (int i = 0; i < bLambda.Length; i++) if (m.P1[i] > 0) { slope += m.P1[i] * newton.DLambda[i]; dec += bLambda[i] * newton.DLambda[i]; }
            for (int i = 0; i < bMu.Length; i++) if (m.P2[i] > 0) { slope += m.P2[i] * newton.DMu[i]; dec += bMu[i] * newton.DMu[i]; }
            slope /= -mu; dec /= mu;
            bool moved = false;
            for (double alpha = 1; alpha > 1e-12 && !moved; alpha *= 0.5)
            {
                for (int i = 0; i < X.Lambda.Length; i++) Trial.Lambda[i] = X.Lambda[i] + alpha * newton.DLambda[i];
                for (int i = 0; i < X.Mu.Length; i++) Trial.Mu[i] = X.Mu[i] + alpha * newton.DMu[i];
                if (!Trial.Refresh()) continue;
                double change = alpha * slope;
                for (int k = 0; k < cells; k++) change -= Math.Log(Trial.G[k] / X.G[k]);
                moved = change <= -0.25 * alpha * dec || (alpha == 1 && dec < 1e-6 && change <= 1e-12);
            }
            if (!moved) break;
            movedAtAll = true;
            X.CopyFrom(Trial);
            if (dec / 2 <= CentredDecrement) break;
        }
        for (int k = 0; k < cells; k++) Z[k] = mu / -X.G[k];
        return used;
    }


    /// <summary>p − Σ_c κ_c π_c on λ and μ, into bLambda, bMu.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void RightSide(double[] kappa)
    {
        m.P1.CopyTo(bLambda, 0);
        m.P2.CopyTo(bMu, 0);
        int n2 = m.N2, ny = m.NY;
        for (int k = 0; k < kappa.Length; k++)
        {
            int x1 = m.Cells[k] / n2, x2 = m.Cells[k] % n2;
            var pi = X.Pi.AsSpan(k * ny, ny);
            for (int y = 0; y < ny; y++)
            {
                bLambda[x1 * ny + y] -= kappa[k] * pi[y];
                bMu[x2 * ny + y] -= kappa[k] * pi[y];
            }
        }
    }

    /// <summary>∇g_c · Δx per cell: Σ_y π_c(y) (Δλ(x1,y) + Δμ(x2,y)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void Directional(double[] into)
    {
        int n2 = m.N2, ny = m.NY;
        for (int k = 0; k < into.Length; k++)
        {
            int x1 = m.Cells[k] / n2, x2 = m.Cells[k] % n2;
            var pi = X.Pi.AsSpan(k * ny, ny);
            var dl = newton.DLambda.AsSpan(x1 * ny, ny);
            var dm = newton.DMu.AsSpan(x2 * ny, ny);
            double d = 0;
            for (int y = 0; y < ny; y++) d += pi[y] * (dl[y] + dm[y]);
            into[k] = d;
        }
    }

    /// <summary>The largest α with a + α·sign·d ≥ 0 everywhere (∞ when none binds).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static double MaxStep(double[] a, double[] d, int sign)
    {
        double alpha = double.PositiveInfinity;
        for (int k = 0; k < a.Length; k++)
        {
            double dk = sign * d[k];
            if (dk < 0) alpha = Math.Min(alpha, -a[k] / dk);
        }
        return alpha;
    }
}

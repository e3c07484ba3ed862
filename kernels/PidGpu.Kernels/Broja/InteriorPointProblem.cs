using ILGPU;

namespace PidGpu.Kernels.Broja;

/// <summary>
/// One BROJA problem inside <see cref="BrojaInteriorPoint"/>'s kernel: its marginals, its point (λ, μ, z) and scratch,
/// and the group-parallel pieces of the interior-point step (the host solver's <c>DualBarrierState</c> and
/// <c>BarrierNewtonStep</c>, one thread group per problem). The dual is max Σ λ p(x1,y) + Σ μ p(x2,y) subject to
/// g_c = log Σ_y exp(λ(x1,y) + μ(x2,y)) ≤ 0 per cell c = (x1,x2) of the support; π_c is the softmax of λ + μ on the
/// cell. Every method is called by all threads of the group and ends with a barrier; scalar results are the same on
/// every thread, so the group's control flow stays uniform.
/// </summary>
internal readonly struct InteriorPointProblem
{
    public readonly ProblemShape Shape;
    public readonly int N;
    public readonly ArrayView<double> P1, P2, Lambda, Mu, Mass, PredictorLambda, PredictorMu;
    public readonly ArrayView<double> Active, G, Pi, TrialLambda, TrialMu, TrialG, TrialPi;
    public readonly ArrayView<double> Slack, Weight, RankOne, Kappa, DzAffine, DgAffine, Dg, Dz;
    public readonly ArrayView<double> Rhs, Direction, Free, Scale, ReduceScratch, Matrix;

    public InteriorPointProblem(ProblemShape shape, ArrayView<double> p1, ArrayView<double> p2,
        ArrayView<double> iterate, ArrayView<double> work, ArrayView<double> matrix)
    {
        // Where the matrix lives only changes the workspace's length, not an offset: the caller passes it in.
        var l = new InteriorPointLayout(shape, matrixShared: false);
        Shape = shape; N = l.N; P1 = p1; P2 = p2;
        Lambda = iterate.SubView(l.Lambda, shape.X1Y);
        Mu = iterate.SubView(l.Mu, shape.X2Y);
        Mass = iterate.SubView(l.Mass, l.Cells);
        PredictorLambda = iterate.SubView(l.PredictorLambda, shape.X1Y);
        PredictorMu = iterate.SubView(l.PredictorMu, shape.X2Y);
        Active = work.SubView(l.Active, l.Cells);
        G = work.SubView(l.G, l.Cells);
        Pi = work.SubView(l.Pi, l.CellY);
        TrialLambda = work.SubView(l.TrialLambda, shape.X1Y);
        TrialMu = work.SubView(l.TrialMu, shape.X2Y);
        TrialG = work.SubView(l.TrialG, l.Cells);
        TrialPi = work.SubView(l.TrialPi, l.CellY);
        Slack = work.SubView(l.Slack, l.Cells);
        Weight = work.SubView(l.Weight, l.Cells);
        RankOne = work.SubView(l.RankOne, l.Cells);
        Kappa = work.SubView(l.Kappa, l.Cells);
        DzAffine = work.SubView(l.DzAffine, l.Cells);
        DgAffine = work.SubView(l.DgAffine, l.Cells);
        Dg = work.SubView(l.Dg, l.Cells);
        Dz = work.SubView(l.Dz, l.Cells);
        Rhs = work.SubView(l.Rhs, l.N);
        Direction = work.SubView(l.Direction, l.N);
        Free = work.SubView(l.Free, l.N);
        Scale = work.SubView(l.Scale, l.N);
        ReduceScratch = work.SubView(l.Reduce, InteriorPointLayout.ReduceSlots);
        Matrix = matrix;
    }

    static int T => Group.IdxX;
    static int Threads => Group.DimX;
    int NY => Shape.NY;

    /// <summary>
    /// Marks the cells of the support (some y with p(x1,y) p(x2,y) &gt; 0) and the free multipliers (λ where p(x1,y) &gt; 0;
    /// μ where p(x2,y) &gt; 0 except the first such x2 per y, which is held fixed: adding a constant to λ(·,y) and
    /// subtracting it from μ(·,y) changes nothing). Returns the number of cells of the support.
    /// </summary>
    public int Prepare()
    {
        double cells = 0;
        for (int c = T; c < Shape.PairCells; c += Threads)
        {
            int x1 = c / Shape.N2, x2 = c % Shape.N2;
            double active = 0;
            for (int y = 0; y < NY; y++) if (P1[x1 * NY + y] > 0 && P2[x2 * NY + y] > 0) active = 1;
            Active[c] = active;
            cells += active;
        }
        for (int i = T; i < N; i += Threads)
        {
            if (i < Shape.X1Y) { Free[i] = P1[i] > 0 ? 1 : 0; continue; }
            int k = i - Shape.X1Y, x2 = k / NY, y = k % NY;
            bool first = true;
            for (int before = 0; before < x2; before++) if (P2[before * NY + y] > 0) first = false;
            Free[i] = P2[k] > 0 && !first ? 1 : 0;
        }
        return (int)GroupReduce.Sum(cells, ReduceScratch);
    }

    /// <summary>g and π at (λ, μ) into (g, π); true (uniformly) when every cell of the support has g &lt; 0.</summary>
    public bool Refresh(ArrayView<double> lambda, ArrayView<double> mu, ArrayView<double> g, ArrayView<double> pi)
    {
        double infeasible = 0;
        for (int c = T; c < Shape.PairCells; c += Threads)
        {
            if (Active[c] == 0) continue;
            int x1 = c / Shape.N2, x2 = c % Shape.N2;
            double max = double.NegativeInfinity;
            for (int y = 0; y < NY; y++)
                if (P1[x1 * NY + y] > 0 && P2[x2 * NY + y] > 0) max = Math.Max(max, lambda[x1 * NY + y] + mu[x2 * NY + y]);
            double sum = 0;
            for (int y = 0; y < NY; y++)
            {
                double e = P1[x1 * NY + y] > 0 && P2[x2 * NY + y] > 0 ? Math.Exp(lambda[x1 * NY + y] + mu[x2 * NY + y] - max) : 0;
                pi[(long)c * NY + y] = e;
                sum += e;
            }
            double inverse = 1 / sum;
            for (int y = 0; y < NY; y++) pi[(long)c * NY + y] *= inverse;
            g[c] = max + Math.Log(sum);
            if (!(g[c] < 0)) infeasible = 1;
        }
        return GroupReduce.Max(infeasible, ReduceScratch) == 0;
    }

    public bool Refresh() => Refresh(Lambda, Mu, G, Pi);

    public bool RefreshTrial() => Refresh(TrialLambda, TrialMu, TrialG, TrialPi);

    /// <summary>Σ λ p1 + Σ μ p2 at the current point: a lower bound on min f while every g_c ≤ 0.</summary>
    public double DualValue()
    {
        double d = 0;
        for (int i = T; i < Shape.X1Y; i += Threads) if (P1[i] > 0) d += P1[i] * Lambda[i];
        for (int i = T; i < Shape.X2Y; i += Threads) if (P2[i] > 0) d += P2[i] * Mu[i];
        return GroupReduce.Sum(d, ReduceScratch);
    }

    /// <summary>Σ_c z_c (−g_c): the pair's duality gap when its primal's marginals are exact.</summary>
    public double Complementarity()
    {
        double s = 0;
        for (int c = T; c < Shape.PairCells; c += Threads) if (Active[c] != 0) s += Mass[c] * -G[c];
        return GroupReduce.Sum(s, ReduceScratch);
    }

    /// <summary>
    /// The host solver's start: λ = log p(y|x1), μ = log p(y|x2) − log p(y) (the conditionally independent coupling),
    /// λ lowered per x1 until every g ≤ −1; z_c = Σ_y p(x1,y) p(x2,y) / p(y) on the support.
    /// </summary>
    public void Start()
    {
        for (int i = T; i < Shape.X1Y; i += Threads)
        {
            int x1 = i / NY;
            double px = 0;
            for (int y = 0; y < NY; y++) px += P1[x1 * NY + y];
            Lambda[i] = P1[i] > 0 ? Math.Log(P1[i] / px) : 0;
        }
        for (int i = T; i < Shape.X2Y; i += Threads)
        {
            int x2 = i / NY, y = i % NY;
            double px = 0;
            for (int k = 0; k < NY; k++) px += P2[x2 * NY + k];
            Mu[i] = P2[i] > 0 ? Math.Log(P2[i] / px / Py(y)) : 0;
        }
        for (int c = T; c < Shape.PairCells; c += Threads)
        {
            int x1 = c / Shape.N2, x2 = c % Shape.N2;
            double z = 0;
            for (int y = 0; y < NY; y++)
                if (P1[x1 * NY + y] > 0 && P2[x2 * NY + y] > 0) z += P1[x1 * NY + y] * P2[x2 * NY + y] / Py(y);
            Mass[c] = Active[c] != 0 ? z : 0;
            G[c] = 0;
        }
        Group.Barrier();
        Refresh();
        // Kappa holds the shift per x1 (N1 ≤ N1·N2 slots).
        for (int x1 = T; x1 < Shape.N1; x1 += Threads)
        {
            double shift = double.NegativeInfinity;
            for (int x2 = 0; x2 < Shape.N2; x2++)
                if (Active[x1 * Shape.N2 + x2] != 0) shift = Math.Max(shift, G[x1 * Shape.N2 + x2]);
            if (shift > double.NegativeInfinity)
                for (int y = 0; y < NY; y++) Lambda[x1 * NY + y] -= shift + 1;
        }
        Group.Barrier();
        Refresh();
    }

    double Py(int y)
    {
        double s = 0;
        for (int x2 = 0; x2 < Shape.N2; x2++) s += P2[x2 * NY + y];
        return s;
    }

    /// <summary>
    /// Forms and factorises the Hessian Σ_c W_c diag(π_c) + V_c π_c π_cᵀ over the free multipliers (fixed ones get an
    /// identity row), scaled symmetrically by its diagonal; the ridge 0, 1e-14, 1e-12, … up to 100 is the smallest
    /// that factorises, as in the host solver's <c>DenseCholesky.FactorScaled</c>. False when none does.
    /// </summary>
    public bool Factor()
    {
        for (double ridge = 0; ridge <= 100; ridge = ridge == 0 ? 1e-14 : ridge * 100)
        {
            double maxDiag = Assemble();
            if (!(maxDiag > 0) || double.IsInfinity(maxDiag)) return false;
            for (int i = T; i < N; i += Threads) Scale[i] = 1 / Math.Sqrt(Math.Max(Matrix[(long)i * N + i], 1e-14 * maxDiag));
            Group.Barrier();
            for (int i = T; i < N; i += Threads)
            {
                double si = Scale[i];
                for (int j = 0; j <= i; j++) Matrix[(long)i * N + j] *= si * Scale[j];
                Matrix[(long)i * N + i] += ridge;
            }
            Group.Barrier();
            if (GroupCholesky.Factor(Matrix, N)) return true;
        }
        return false;
    }

    /// <summary>The lower triangle of the Hessian at the current point, row-parallel; returns its largest free diagonal.</summary>
    double Assemble()
    {
        int x1y = Shape.X1Y, n2 = Shape.N2;
        double maxDiag = 0;
        for (int i = T; i < N; i += Threads)
        {
            long row = (long)i * N;
            for (int j = 0; j <= i; j++) Matrix[row + j] = 0;
            if (Free[i] == 0) { Matrix[row + i] = 1; continue; }
            if (i < x1y)
            {
                int x1 = i / NY, y = i % NY;
                for (int x2 = 0; x2 < n2; x2++) AddCell(row, x1 * n2 + x2, y, x1 * NY, y + 1);
            }
            else
            {
                int x2 = (i - x1y) / NY, y = (i - x1y) % NY;
                for (int x1 = 0; x1 < Shape.N1; x1++)
                {
                    AddCell(row, x1 * n2 + x2, y, x1 * NY, NY);               // the λ(x1,·) columns
                    AddCell(row, x1 * n2 + x2, y, x1y + x2 * NY, y + 1);      // the μ(x2,·) columns up to the diagonal
                }
            }
            maxDiag = Math.Max(maxDiag, Matrix[row + i]);
        }
        for (int i = T; i < N; i += Threads)   // fixed multipliers' columns are zero
        {
            long row = (long)i * N;
            for (int j = 0; j < i; j++) if (Free[j] == 0) Matrix[row + j] = 0;
        }
        return GroupReduce.Max(maxDiag, ReduceScratch);
    }

    /// <summary>Cell c's w·diag(π) + v·ππᵀ on row (·, y) for the columns first + y', y' &lt; count.</summary>
    void AddCell(long row, int c, int y, int first, int count)
    {
        if (Active[c] == 0) return;
        double piY = Pi[(long)c * NY + y];
        if (piY == 0) return;
        double w = Weight[c], vp = RankOne[c] * piY;
        for (int k = 0; k < count; k++)
        {
            double value = vp * Pi[(long)c * NY + k];
            if (k == y) value += w * piY;
            Matrix[row + first + k] += value;
        }
    }

    /// <summary>Direction = H⁻¹ Rhs on the free multipliers (0 on the fixed ones), with the last <see cref="Factor"/>.</summary>
    public void Solve()
    {
        for (int i = T; i < N; i += Threads) Direction[i] = Free[i] != 0 ? Rhs[i] * Scale[i] : 0;
        Group.Barrier();
        GroupCholesky.Solve(Matrix, N, Direction);
        for (int i = T; i < N; i += Threads) Direction[i] = Free[i] != 0 ? Direction[i] * Scale[i] : 0;
        Group.Barrier();
    }

    /// <summary>Rhs = p − Σ_c κ_c π_c on λ and μ.</summary>
    public void RightSide(ArrayView<double> kappa)
    {
        int x1y = Shape.X1Y, n2 = Shape.N2;
        for (int i = T; i < N; i += Threads)
        {
            double b;
            if (i < x1y)
            {
                int x1 = i / NY, y = i % NY;
                b = P1[i];
                for (int x2 = 0; x2 < n2; x2++)
                {
                    int c = x1 * n2 + x2;
                    if (Active[c] != 0) b -= kappa[c] * Pi[(long)c * NY + y];
                }
            }
            else
            {
                int x2 = (i - x1y) / NY, y = (i - x1y) % NY;
                b = P2[i - x1y];
                for (int x1 = 0; x1 < Shape.N1; x1++)
                {
                    int c = x1 * n2 + x2;
                    if (Active[c] != 0) b -= kappa[c] * Pi[(long)c * NY + y];
                }
            }
            Rhs[i] = b;
        }
        Group.Barrier();
    }

    /// <summary>∇g_c · Direction per cell: Σ_y π_c(y) (Δλ(x1,y) + Δμ(x2,y)).</summary>
    public void Directional(ArrayView<double> into)
    {
        for (int c = T; c < Shape.PairCells; c += Threads)
        {
            int x1 = c / Shape.N2, x2 = c % Shape.N2;
            double d = 0;
            if (Active[c] != 0)
                for (int y = 0; y < NY; y++) d += Pi[(long)c * NY + y] * (Direction[x1 * NY + y] + Direction[Shape.X1Y + x2 * NY + y]);
            into[c] = d;
        }
        Group.Barrier();
    }

    /// <summary>The largest α with a + α·sign·d ≥ 0 on every cell of the support (∞ when none binds).</summary>
    public double MaxStep(ArrayView<double> a, ArrayView<double> d, int sign)
    {
        double alpha = double.PositiveInfinity;
        for (int c = T; c < Shape.PairCells; c += Threads)
        {
            if (Active[c] == 0) continue;
            double dk = sign * d[c];
            if (dk < 0) alpha = Math.Min(alpha, -a[c] / dk);
        }
        return GroupReduce.Min(alpha, ReduceScratch);
    }

    /// <summary>Trial (λ, μ) = current + α · Direction; true when it is strictly feasible.</summary>
    public bool TryTrial(double alpha)
    {
        for (int i = T; i < Shape.X1Y; i += Threads) TrialLambda[i] = Lambda[i] + alpha * Direction[i];
        for (int i = T; i < Shape.X2Y; i += Threads) TrialMu[i] = Mu[i] + alpha * Direction[Shape.X1Y + i];
        Group.Barrier();
        return RefreshTrial();
    }

    /// <summary>The trial point becomes the current one.</summary>
    public void Accept()
    {
        for (int i = T; i < Shape.X1Y; i += Threads) Lambda[i] = TrialLambda[i];
        for (int i = T; i < Shape.X2Y; i += Threads) Mu[i] = TrialMu[i];
        for (int c = T; c < Shape.PairCells; c += Threads) G[c] = TrialG[c];
        for (long k = T; k < (long)Shape.PairCells * NY; k += Threads) Pi[k] = TrialPi[k];
        Group.Barrier();
    }
}

using ILGPU;
using ILGPU.Runtime;

namespace PidGpu.Kernels;

/// <summary>
/// BROJA (Bertschinger, Rauh, Olbrich, Jost &amp; Ay 2014) for a batch of same-shape problems, one group each:
/// minimise f(Q) = Σ q log(q / q(x1,x2)) = −H_Q(Y|X1,X2) over Δ_P, the distributions with P's (x1,y) and
/// (x2,y) marginals. Then min I_Q(Y; X1,X2) = H(Y) + min f / ln 2.
///
/// Algorithm: alternating divergence minimisation (f(Q) = min_s KL(Q || s(x1,x2)·1), Csiszár–Tusnády),
/// written as the scaling Q = s(x1,x2)·a(x1,y)·b(x2,y): the cell step s ← s·Z^ω with Z = Σ_y a·b is a
/// mirror-descent step (ω = 1 is the exact alternating step, ω ∈ (1,2) over-relaxes and falls back to 1 if
/// the objective ever rises); a and b are Sinkhorn steps onto the two marginal constraints.
///
/// Certificate every <see cref="BrojaSettings.CheckEvery"/> iterations: Q is rounded onto Δ_P exactly
/// (Altschuler, Weed &amp; Rigollet 2017, per y) for the primal value, and λ = log a, μ = log b, shifted so
/// that log Σ_y exp(λ+μ) ≤ 0 for every (x1,x2), give the dual bound Σ λ p(x1,y) + Σ μ p(x2,y).
/// The solver stops when primal − dual ≤ the target: the gap, not an iteration count, is the judge.
/// </summary>
public sealed class BrojaSolver
{
    readonly Accelerator accelerator;
    readonly Action<AcceleratorStream, KernelConfig, ProblemShape, BrojaSettings, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<BrojaOutcome>> kernel;

    public BrojaSolver(Accelerator accelerator)
    {
        this.accelerator = accelerator;
        kernel = accelerator.LoadKernel<ProblemShape, BrojaSettings, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<BrojaOutcome>>(Kernel);
    }

    /// <summary>Doubles of workspace one problem needs; allocate problems × this.</summary>
    public static long WorkspacePerProblem(ProblemShape s) =>
        3L * s.PairCells + s.X1Y + s.X2Y + s.Cells + (long)s.NY * (s.N1 + s.N2);

    /// <summary>p1, p2, py: the batch's marginals from <see cref="Marginals"/>. The workspace is scratch.</summary>
    public void Launch(AcceleratorStream stream, ProblemShape shape, int problems, BrojaSettings settings,
        ArrayView<double> p1, ArrayView<double> p2, ArrayView<double> py, ArrayView<double> workspace, ArrayView<BrojaOutcome> outcomes)
        => kernel(stream, LaunchConfig.PerProblem(accelerator, problems), shape, settings, p1, p2, py, workspace, outcomes);

    static void Kernel(ProblemShape sh, BrojaSettings settings, ArrayView<double> p1All, ArrayView<double> p2All,
        ArrayView<double> pyAll, ArrayView<double> workspace, ArrayView<BrojaOutcome> outcomes)
    {
        long b = Grid.IdxX;
        int t = Group.IdxX, threads = Group.DimX;
        var p1 = p1All.SubView(b * sh.X1Y, sh.X1Y);
        var p2 = p2All.SubView(b * sh.X2Y, sh.X2Y);
        var py = pyAll.SubView(b * sh.NY, sh.NY);
        var w = workspace.SubView(b * WorkspacePerProblem(sh), WorkspacePerProblem(sh));
        var s = w.SubView(0, sh.PairCells);
        var cellF = w.SubView(sh.PairCells, sh.PairCells);
        var cellL = w.SubView(2L * sh.PairCells, sh.PairCells);
        var a = w.SubView(3L * sh.PairCells, sh.X1Y);
        var bb = w.SubView(3L * sh.PairCells + sh.X1Y, sh.X2Y);
        var q = w.SubView(3L * sh.PairCells + sh.X1Y + sh.X2Y, sh.Cells);
        var rounding = w.SubView(3L * sh.PairCells + sh.X1Y + sh.X2Y + sh.Cells, (long)sh.NY * (sh.N1 + sh.N2));

        // Start at Q0 = p(x1,y) p(x2,y) / p(y), the conditionally independent member of Δ_P.
        for (int c = t; c < sh.PairCells; c += threads) s[c] = 1.0;
        for (int k = t; k < sh.X1Y; k += threads) { double v = py[k % sh.NY]; a[k] = v > 0 ? p1[k] / v : 0; }
        for (int k = t; k < sh.X2Y; k += threads) bb[k] = p2[k];
        if (t == 0)
        {
            var o = new BrojaOutcome { Primal = double.PositiveInfinity, Dual = double.NegativeInfinity, Gap = double.PositiveInfinity, Relaxation = settings.Relaxation };
            outcomes[b] = o;
        }
        Group.Barrier();

        for (int it = 1; it <= settings.MaxIterations; it++)
        {
            double omega = outcomes[b].Relaxation;
            for (int c = t; c < sh.PairCells; c += threads)
            {
                double z = PairSum(a, bb, sh, c / sh.N2, c % sh.N2);
                // Floor at a normal number: a cell pushed to a denormal could never grow back when Z turns > 1.
                s[c] = z > 0 ? Math.Max(s[c] * Math.Exp(omega * Math.Log(z)), CellFloor) : 0;
            }
            Group.Barrier();
            for (int k = t; k < sh.X1Y; k += threads)
            {
                int x1 = k / sh.NY, y = k % sh.NY;
                double sum = 0;
                for (int x2 = 0; x2 < sh.N2; x2++) sum += s[x1 * sh.N2 + x2] * bb[x2 * sh.NY + y];
                a[k] = sum > 0 ? p1[k] / sum : 0;
            }
            Group.Barrier();
            for (int k = t; k < sh.X2Y; k += threads)
            {
                int x2 = k / sh.NY, y = k % sh.NY;
                double sum = 0;
                for (int x1 = 0; x1 < sh.N1; x1++) sum += s[x1 * sh.N2 + x2] * a[x1 * sh.NY + y];
                bb[k] = sum > 0 ? p2[k] / sum : 0;
            }
            Group.Barrier();
            if (it % settings.CheckEvery != 0 && it != settings.MaxIterations) continue;

            Certify(sh, t, threads, p1, p2, s, a, bb, q, rounding, cellF, cellL);
            Group.Barrier();
            if (t == 0) Judge(sh, settings, it, p1, p2, a, bb, cellF, cellL, rounding, outcomes, b);
            Group.Barrier();
            if (outcomes[b].Converged != 0) break;
        }
    }

    const double CellFloor = 1e-290;

    /// <summary>Z(x1,x2) = Σ_y a(x1,y) b(x2,y).</summary>
    static double PairSum(ArrayView<double> a, ArrayView<double> bb, ProblemShape sh, int x1, int x2)
    {
        double z = 0;
        for (int y = 0; y < sh.NY; y++) z += a[x1 * sh.NY + y] * bb[x2 * sh.NY + y];
        return z;
    }

    /// <summary>Builds the rounded feasible Q and, per cell, its objective term and log Σ_y exp(λ+μ).</summary>
    static void Certify(ProblemShape sh, int t, int threads, ArrayView<double> p1, ArrayView<double> p2,
        ArrayView<double> s, ArrayView<double> a, ArrayView<double> bb, ArrayView<double> q, ArrayView<double> rounding,
        ArrayView<double> cellF, ArrayView<double> cellL)
    {
        for (int c = t; c < sh.PairCells; c += threads)
        {
            int x1 = c / sh.N2, x2 = c % sh.N2;
            for (int y = 0; y < sh.NY; y++) q[(long)c * sh.NY + y] = s[c] * a[x1 * sh.NY + y] * bb[x2 * sh.NY + y];
        }
        Group.Barrier();
        for (int y = t; y < sh.NY; y += threads) RoundSlice(sh, y, p1, p2, q, rounding);
        Group.Barrier();
        for (int c = t; c < sh.PairCells; c += threads)
        {
            int x1 = c / sh.N2, x2 = c % sh.N2;
            double m = 0;
            for (int y = 0; y < sh.NY; y++) m += q[(long)c * sh.NY + y];
            double f = 0;
            for (int y = 0; y < sh.NY; y++)
            {
                double v = q[(long)c * sh.NY + y];
                if (v > 0) f += v * Math.Log(v / m);
            }
            cellF[c] = f;
            // log Σ_y a b computed stably: Z itself is well scaled (Z → 1 on the optimal support).
            double z = PairSum(a, bb, sh, x1, x2);
            cellL[c] = z > 0 ? Math.Log(z) : double.NegativeInfinity;
        }
    }

    /// <summary>
    /// Altschuler–Weed–Rigollet rounding of the slice Q(·,·,y) onto the transportation polytope with rows
    /// p(x1,y) and columns p(x2,y): scale down over-full rows, then columns, then add the rank-one remainder.
    /// </summary>
    static void RoundSlice(ProblemShape sh, int y, ArrayView<double> p1, ArrayView<double> p2, ArrayView<double> q, ArrayView<double> rounding)
    {
        var rowDeficit = rounding.SubView((long)y * (sh.N1 + sh.N2), sh.N1);
        var colDeficit = rounding.SubView((long)y * (sh.N1 + sh.N2) + sh.N1, sh.N2);
        for (int x1 = 0; x1 < sh.N1; x1++)
        {
            double row = 0;
            for (int x2 = 0; x2 < sh.N2; x2++) row += q[((long)x1 * sh.N2 + x2) * sh.NY + y];
            double target = p1[x1 * sh.NY + y];
            if (row > target)
            {
                double scale = target / row;
                for (int x2 = 0; x2 < sh.N2; x2++) q[((long)x1 * sh.N2 + x2) * sh.NY + y] *= scale;
            }
        }
        for (int x2 = 0; x2 < sh.N2; x2++)
        {
            double col = 0;
            for (int x1 = 0; x1 < sh.N1; x1++) col += q[((long)x1 * sh.N2 + x2) * sh.NY + y];
            double target = p2[x2 * sh.NY + y];
            if (col > target)
            {
                double scale = target / col;
                for (int x1 = 0; x1 < sh.N1; x1++) q[((long)x1 * sh.N2 + x2) * sh.NY + y] *= scale;
            }
        }
        double total = 0;
        for (int x1 = 0; x1 < sh.N1; x1++)
        {
            double row = 0;
            for (int x2 = 0; x2 < sh.N2; x2++) row += q[((long)x1 * sh.N2 + x2) * sh.NY + y];
            rowDeficit[x1] = Math.Max(0, p1[x1 * sh.NY + y] - row);
            total += rowDeficit[x1];
        }
        for (int x2 = 0; x2 < sh.N2; x2++)
        {
            double col = 0;
            for (int x1 = 0; x1 < sh.N1; x1++) col += q[((long)x1 * sh.N2 + x2) * sh.NY + y];
            colDeficit[x2] = Math.Max(0, p2[x2 * sh.NY + y] - col);
        }
        if (total <= 0) return;
        for (int x1 = 0; x1 < sh.N1; x1++)
            for (int x2 = 0; x2 < sh.N2; x2++)
                q[((long)x1 * sh.N2 + x2) * sh.NY + y] += rowDeficit[x1] * colDeficit[x2] / total;
    }

    /// <summary>Thread 0: sums the primal, builds the shifted dual bound, records the gap and decides.</summary>
    static void Judge(ProblemShape sh, BrojaSettings settings, int it, ArrayView<double> p1, ArrayView<double> p2,
        ArrayView<double> a, ArrayView<double> bb, ArrayView<double> cellF, ArrayView<double> cellL,
        ArrayView<double> sigma1, ArrayView<BrojaOutcome> outcomes, long b)
    {
        // sigma1 reuses the rounding scratch, free once the rounded Q exists.
        double primal = 0;
        for (int c = 0; c < sh.PairCells; c++) primal += cellF[c];

        // Dual: λ(x1,y) = log a − σ1(x1), μ(x2,y) = log b − σ2(x2), with σ1(x1) = max_x2 L and
        // σ2(x2) = max_x1 (L − σ1(x1)), so that every log Σ_y exp(λ+μ) = L − σ1 − σ2 ≤ 0.
        double dual = 0;
        for (int x1 = 0; x1 < sh.N1; x1++)
        {
            sigma1[x1] = RowMax(cellL, sh, x1);
            for (int y = 0; y < sh.NY; y++)
            {
                double pv = p1[x1 * sh.NY + y];
                if (pv > 0) dual += pv * (Math.Log(a[x1 * sh.NY + y]) - sigma1[x1]);
            }
        }
        for (int x2 = 0; x2 < sh.N2; x2++)
        {
            double sigma2 = double.NegativeInfinity;
            for (int x1 = 0; x1 < sh.N1; x1++)
            {
                double l = cellL[x1 * sh.N2 + x2];
                if (l > double.NegativeInfinity) sigma2 = Math.Max(sigma2, l - sigma1[x1]);
            }
            if (sigma2 == double.NegativeInfinity) sigma2 = 0;
            for (int y = 0; y < sh.NY; y++)
            {
                double pv = p2[x2 * sh.NY + y];
                if (pv > 0) dual += pv * (Math.Log(bb[x2 * sh.NY + y]) - sigma2);
            }
        }

        var o = outcomes[b];
        if (primal > o.Primal + 1e-14) o.Relaxation = 1.0; // over-relaxation overshot: take safe steps
        // Keep the best certified values seen: every rounded Q is feasible and every shifted dual is valid,
        // so the best of each bounds the optimum and the reported gap can only shrink.
        o.Primal = Math.Min(o.Primal, primal);
        o.Dual = Math.Max(o.Dual, dual);
        o.Gap = o.Primal - o.Dual;
        o.Iterations = it;
        o.Converged = o.Gap <= settings.TargetGapNats ? 1 : 0;
        outcomes[b] = o;
    }

    static double RowMax(ArrayView<double> cellL, ProblemShape sh, int x1)
    {
        double m = double.NegativeInfinity;
        for (int x2 = 0; x2 < sh.N2; x2++) m = Math.Max(m, cellL[x1 * sh.N2 + x2]);
        return m == double.NegativeInfinity ? 0 : m;
    }
}

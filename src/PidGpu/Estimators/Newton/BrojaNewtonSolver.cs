using System.Runtime.CompilerServices;
using System.Diagnostics;
using PidGpu.Kernels;

namespace PidGpu.Estimators.Newton;

/// <summary>
/// BROJA's convex problem solved to a certified gap by a primal–dual interior-point method on its dual
/// (max Σ λ p(x1,y) + Σ μ p(x2,y) s.t. g_c = log Σ_y exp(λ(x1,y)+μ(x2,y)) ≤ 0 per cell c = (x1,x2)), with Mehrotra's
/// predictor–corrector. The cell masses z_c ≥ 0 are the primal (Q_c(y) = z_c π_c(y)); each iteration is one Newton step
/// on the perturbed optimality conditions Σ_c z_c ∇g_c = p, z_c (−g_c) = σ·μ, whose Hessian has the same structure as
/// a log barrier's (<see cref="BarrierNewtonStep"/>) and is factorised once for the predictor and the corrector.
/// Newton converges quadratically where alternating divergence minimisation converges linearly, and the predictor
/// chooses how far to cut μ at each step, so a random table needs 11–38 Newton systems from 2³ to 32³.
///
/// Certificate: every iterate (λ, μ) is strictly dual feasible (the step is shortened until all g_c &lt; 0), so its
/// value is a lower bound; once the complementarity Σ z_c (−g_c) is near the target, the primal z·π is rounded onto
/// Δ_P (<see cref="TransportRounding"/>) and its objective is an upper bound. The solver stops when their difference,
/// the gap, reaches the target, and reports the best bounds it found.
/// </summary>
internal static class BrojaNewtonSolver
{
    const double CertifyBelow = 30;      // try the certificate once Σ z (−g) is this many targets or less
    const int StaleCertificates = 10;    // stop after this many certificates in a row that improve the gap by < 1 %
    const int MaxStepsPerCall = 60;      // a recentring checks the cancellation at least this often

    /// <summary>Progress units a solve to <paramref name="targetGapNats"/> is expected to take: one per tenfold drop of
    /// the complementarity Σ z (−g), from about 1 nat.</summary>
    public static int ExpectedCentrings(double targetGapNats) =>
        Math.Max(1, (int)Math.Ceiling(Math.Log10(1 / Math.Min(1, targetGapNats))) + 1);

    /// <param name="centred">Called once per progress unit (<see cref="ExpectedCentrings"/>); may be null.</param>
    public static BrojaOutcome Solve(BrojaMarginals problem, double targetGapNats, int maxIterations, bool parallel,
        CancellationToken cancel = default, Action? centred = null)
    {
        // The Schur complement lives on the μ side: give it the source with fewer free multipliers.
        var m = Support(problem.P2) > Support(problem.P1) ? problem.Swapped() : problem;
        var o = new BrojaOutcome { Primal = double.PositiveInfinity, Dual = double.NegativeInfinity, Gap = double.PositiveInfinity, Relaxation = 1 };
        if (m.Cells.Length == 0) { o.Primal = o.Dual = o.Gap = 0; o.Converged = 1; return o; }

        var state = new InteriorPointState(m, parallel);
        int reported = 0, iterations = 0, stale = 0;
        o.Dual = state.X.DualValue();
        while (iterations < maxIterations)
        {
            cancel.ThrowIfCancellationRequested();
            int used = state.Step(Math.Min(maxIterations - iterations, MaxStepsPerCall));
            bool moved = !state.Stalled;
            iterations += used;
            o.Dual = Math.Max(o.Dual, state.X.DualValue());
            double complementarity = state.Complementarity();
            bool last = !moved || iterations >= maxIterations;
            if (complementarity <= CertifyBelow * targetGapNats || last)
            {
                double before = o.Gap;
                Certify(m, state.X, state.Z, state, ref o);
                if (o.Gap > targetGapNats) PredictDual(state, ref o);
                // The iterates have converged as far as double precision lets them when the bounds stop improving.
                stale = o.Gap < 0.99 * before ? 0 : stale + 1;
                if (stale >= StaleCertificates) last = true;
            }
            o.Iterations = iterations;
            for (int due = (int)Math.Floor(Math.Log10(1 / Math.Max(complementarity, 1e-300))) + 1; reported < due; reported++) centred?.Invoke();
            if (o.Gap <= targetGapNats) { o.Converged = 1; break; }
            if (last) break;
        }
        return o;
    }

    /// <summary>
    /// Sharpens the dual bound along the last predictor direction (the Newton direction for μ → 0, which points along
    /// the central path to the optimum): any point on it, with λ lowered by its largest g_c where that is positive, is
    /// dual feasible, so the best of a few step lengths is a valid, tighter bound.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void PredictDual(InteriorPointState state, ref BrojaOutcome o)
    {
        var z = state.X;
        var trial = state.Trial;
        double best = double.NegativeInfinity;
        for (double alpha = 1; alpha > 1e-3; alpha *= 0.5)
        {
            for (int i = 0; i < z.Lambda.Length; i++) trial.Lambda[i] = z.Lambda[i] + alpha * state.PredictorLambda[i];
            for (int i = 0; i < z.Mu.Length; i++) trial.Mu[i] = z.Mu[i] + alpha * state.PredictorMu[i];
            // Far-flung points lose the bound's last digits to cancellation in λ + μ and Σ λ p: skip them.
            if (MaxAbs(trial.Lambda) > 1e3 || MaxAbs(trial.Mu) > 1e3) continue;
            trial.Refresh();
            double worst = 0;
            foreach (double g in trial.G) worst = Math.Max(worst, g);
            double bound = trial.DualValue() - worst;
            if (!double.IsNaN(bound)) best = Math.Max(best, bound);
        }
        if (best > o.Dual) { o.Dual = best; o.Gap = o.Primal - o.Dual; }
    }

    static int Support(double[] p) => p.Count(v => v > 0);

    static double MaxAbs(double[] x)
    {
        double r = 0;
        foreach (double v in x) r = Math.Max(r, Math.Abs(v));
        return r;
    }

    /// <summary>
    /// Upper bound: the primal Q_c = z_c π_c, Sinkhorn-polished and rounded onto Δ_P. Cells the optimum empties still
    /// hold a little mass; the candidates that first drop cells below a few thresholds are rounded and scored too, and
    /// the best feasible value is kept.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Certify(BrojaMarginals m, DualBarrierState x, double[] mass, InteriorPointState state, ref BrojaOutcome o)
    {
        int ny = m.NY;
        var q = state.Rounded;
        double previous = double.NaN;
        foreach (double threshold in PrimalThresholds)
        {
            // A threshold that drops no further cell gives the same candidate as the last one: skip it.
            if (!double.IsNaN(previous) && !mass.Any(z => z >= previous && z < threshold)) continue;
            previous = threshold;
            Array.Clear(q);
            for (int k = 0; k < m.Cells.Length; k++)
            {
                if (mass[k] < threshold) continue;
                int cell = m.Cells[k];
                for (int y = 0; y < ny; y++) q[cell * ny + y] = mass[k] * x.Pi[k * ny + y];
            }
            TransportRounding.Polish(m, q, PolishSweeps, state.RowScratch, state.ColumnScratch);
            TransportRounding.Round(m, q);
            o.Primal = Math.Min(o.Primal, TransportRounding.Objective(m, q));
        }
        o.Dual = Math.Max(o.Dual, x.DualValue());
        o.Gap = o.Primal - o.Dual;
        Debug.Assert(!double.IsNaN(o.Gap));
    }

    const int PolishSweeps = 20;
    static readonly double[] PrimalThresholds = [0, 1e-13, 1e-11, 1e-9];
}

using System.Diagnostics;
using PidGpu.Kernels;

namespace PidGpu.Estimators.Newton;

/// <summary>
/// BROJA's convex problem solved to a certified gap by a log-barrier method on its dual
/// (max Σ λ p(x1,y) + Σ μ p(x2,y) s.t. log Σ_y exp(λ(x1,y)+μ(x2,y)) ≤ 0 per cell), with Newton centring steps.
/// Newton converges quadratically where alternating divergence minimisation converges linearly; the barrier never
/// needs the primal to stay interior, so optima that empty whole (x1,x2) cells cost nothing extra.
///
/// Certificate after every centring: the dual iterate is strictly feasible, so its value is a lower bound; the
/// primal Q_c(y) = π_c(y)/(t·(−g_c)) (exactly feasible at the centre of the path) is rounded onto Δ_P
/// (<see cref="TransportRounding"/>) and its objective is an upper bound. The solver stops when their difference,
/// the gap, reaches the target, and reports the best bounds it found.
/// </summary>
internal static class BrojaNewtonSolver
{
    const double PathStep = 64;          // barrier weight multiplier between centrings
    const int MaxCentringSteps = 60;

    /// <summary>Centrings a solve to <paramref name="targetGapNats"/> is expected to take (the gap shrinks about
    /// <see cref="PathStep"/>-fold per centring from about 1 nat): the unit of progress.</summary>
    public static int ExpectedCentrings(double targetGapNats) =>
        Math.Max(1, (int)Math.Ceiling(Math.Log(1 / Math.Min(1, targetGapNats)) / Math.Log(PathStep)) + 1);

    /// <param name="centred">Called after each centring (progress); may be null.</param>
    public static BrojaOutcome Solve(BrojaMarginals problem, double targetGapNats, int maxIterations, bool parallel,
        CancellationToken cancel = default, Action? centred = null)
    {
        // The Schur complement lives on the μ side: give it the source with fewer free multipliers.
        var m = Support(problem.P2) > Support(problem.P1) ? problem.Swapped() : problem;
        var o = new BrojaOutcome { Primal = double.PositiveInfinity, Dual = double.NegativeInfinity, Gap = double.PositiveInfinity, Relaxation = 1 };
        if (m.Cells.Length == 0) { o.Primal = o.Dual = o.Gap = 0; o.Converged = 1; return o; }

        var z = new DualBarrierState(m);
        z.Start();
        var trial = new DualBarrierState(m);
        var step = new BarrierNewtonStep(m, parallel);
        var q = new double[m.N1 * m.N2 * m.NY];
        double t = m.Cells.Length;
        int iterations = 0;
        while (iterations < maxIterations)
        {
            cancel.ThrowIfCancellationRequested();
            for (int c = 0; c < MaxCentringSteps && iterations < maxIterations; c++)
            {
                cancel.ThrowIfCancellationRequested();
                double dec = step.Compute(z, t);
                iterations++;
                if (double.IsNaN(dec) || dec / 2 <= 1e-10 || !LineSearch(z, trial, step, t, dec)) break;
            }
            Certify(m, z, t, q, ref o);
            if (o.Gap > targetGapNats) PredictDual(z, trial, step, t, ref o);
            o.Iterations = iterations;
            centred?.Invoke();
            if (o.Gap <= targetGapNats) { o.Converged = 1; break; }
            t *= PathStep;
            if (double.IsInfinity(t)) break;
        }
        return o;
    }

    /// <summary>Backtracking along Δ keeping every g_c &lt; 0 with sufficient decrease of F_t; false when no step helps.
    /// The change of F is summed term by term (−t·slope − Σ log(g'/g)) so it stays exact when F itself is huge.</summary>
    static bool LineSearch(DualBarrierState z, DualBarrierState trial, BarrierNewtonStep step, double t, double dec)
    {
        double slope = step.LinearSlope(t);
        for (double alpha = 1; alpha > 1e-12; alpha *= 0.5)
        {
            for (int i = 0; i < z.Lambda.Length; i++) trial.Lambda[i] = z.Lambda[i] + alpha * step.DLambda[i];
            for (int i = 0; i < z.Mu.Length; i++) trial.Mu[i] = z.Mu[i] + alpha * step.DMu[i];
            if (!trial.Refresh()) continue;
            double change = alpha * slope;
            for (int k = 0; k < z.G.Length; k++) change -= Math.Log(trial.G[k] / z.G[k]);
            if (change <= -0.25 * alpha * dec || (alpha == 1 && dec < 1e-6 && change <= 1e-12))
            {
                z.CopyFrom(trial);
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Sharpens the dual bound by a predictor step: the Newton direction towards a much larger barrier weight points
    /// along the central path to the optimum (the Hessian does not depend on t, so it is as well conditioned as at
    /// the current centre). Any point on it, with λ lowered by its largest g_c where that is positive, is dual
    /// feasible, so the best of a few step lengths is a valid, tighter bound.
    /// </summary>
    static void PredictDual(DualBarrierState z, DualBarrierState trial, BarrierNewtonStep step, double t, ref BrojaOutcome o)
    {
        if (double.IsNaN(step.Compute(z, t * 1e8))) return;
        double best = double.NegativeInfinity;
        for (double alpha = 1; alpha > 1e-9; alpha *= 0.5)
        {
            for (int i = 0; i < z.Lambda.Length; i++) trial.Lambda[i] = z.Lambda[i] + alpha * step.DLambda[i];
            for (int i = 0; i < z.Mu.Length; i++) trial.Mu[i] = z.Mu[i] + alpha * step.DMu[i];
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
    /// Upper bound: the primal of the barrier point, mass 1/(t·(−g_c)) spread by π_c, rounded onto Δ_P. Cells the
    /// optimum empties still hold about 1/t there; the candidates that first drop cells below a few thresholds are
    /// rounded and scored too, and the best feasible value is kept.
    /// </summary>
    static void Certify(BrojaMarginals m, DualBarrierState z, double t, double[] q, ref BrojaOutcome o)
    {
        int ny = m.NY;
        foreach (double threshold in PrimalThresholds)
        {
            Array.Clear(q);
            for (int k = 0; k < m.Cells.Length; k++)
            {
                double mass = 1 / (t * -z.G[k]);
                if (mass < threshold) continue;
                int cell = m.Cells[k];
                for (int y = 0; y < ny; y++) q[cell * ny + y] = mass * z.Pi[k * ny + y];
            }
            TransportRounding.Polish(m, q, PolishSweeps);
            TransportRounding.Round(m, q);
            o.Primal = Math.Min(o.Primal, TransportRounding.Objective(m, q));
        }
        o.Dual = Math.Max(o.Dual, z.DualValue());
        o.Gap = o.Primal - o.Dual;
        Debug.Assert(!double.IsNaN(o.Gap));
    }

    const int PolishSweeps = 20;
    static readonly double[] PrimalThresholds = [0, 1e-13, 1e-11, 1e-9];
}

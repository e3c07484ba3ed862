using System.Diagnostics;
using System.Runtime.CompilerServices;
using PidGpu.Kernels;

namespace PidGpu.Estimate.Newton;

/// <summary>
/// The certificate of an interior-point BROJA iterate, wherever it was computed (the host solver, or the device
/// kernel's iterate after its download): the primal value at the rounding of z·π onto Δ_P (an upper bound on min f)
/// and the dual value at a feasible point (a lower bound); their difference is the certified gap.
/// </summary>
internal static class BrojaCertificate
{
    /// <summary>
    /// Upper bound: the primal Q_c = z_c π_c, Sinkhorn-polished and rounded onto Δ_P. Cells the optimum empties still
    /// hold a little mass; the candidates that first drop cells below a few thresholds are rounded and scored too, and
    /// the best feasible value is kept.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Certify(BrojaMarginals m, DualBarrierState x, double[] mass, double[] rounded, double[] rowScratch, double[] columnScratch, ref BrojaOutcome o)
    {
        int ny = m.NY;
        var q = rounded;
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
            TransportRounding.Polish(m, q, PolishSweeps, rowScratch, columnScratch);
            TransportRounding.Round(m, q);
            o.Primal = Math.Min(o.Primal, TransportRounding.Objective(m, q));
        }
        o.Dual = Math.Max(o.Dual, x.DualValue());
        o.Gap = o.Primal - o.Dual;
        Debug.Assert(!double.IsNaN(o.Gap));
    }

    const int PolishSweeps = 20;
    static readonly double[] PrimalThresholds = [0, 1e-13, 1e-11, 1e-9];

    /// <summary>
    /// Sharpens the dual bound along the last predictor direction (the Newton direction for μ → 0, which points along
    /// the central path to the optimum): any point on it, with λ lowered by its largest g_c where that is positive, is
    /// dual feasible, so the best of a few step lengths is a valid, tighter bound.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SharpenDual(DualBarrierState z, DualBarrierState trial, double[] predictorLambda, double[] predictorMu, ref BrojaOutcome o)
    {
        double best = double.NegativeInfinity;
        for (double alpha = 1; alpha > 1e-3; alpha *= 0.5)
        {
            for (int i = 0; i < z.Lambda.Length; i++) trial.Lambda[i] = z.Lambda[i] + alpha * predictorLambda[i];
            for (int i = 0; i < z.Mu.Length; i++) trial.Mu[i] = z.Mu[i] + alpha * predictorMu[i];
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

    static double MaxAbs(double[] x)
    {
        double r = 0;
        foreach (double v in x) r = Math.Max(r, Math.Abs(v));
        return r;
    }
}

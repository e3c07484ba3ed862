using PidGpu.Kernels;

namespace PidGpu.Estimate.Newton;

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
                BrojaCertificate.Certify(m, state.X, state.Z, state.Rounded, state.RowScratch, state.ColumnScratch, ref o);
                if (o.Gap > targetGapNats) BrojaCertificate.SharpenDual(state.X, state.Trial, state.PredictorLambda, state.PredictorMu, ref o);
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

    static int Support(double[] p) => p.Count(v => v > 0);
}

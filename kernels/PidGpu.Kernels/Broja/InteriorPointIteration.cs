using ILGPU;

namespace PidGpu.Kernels.Broja;

/// <summary>
/// The host solver's primal–dual interior-point iteration (Mehrotra predictor–corrector, with damped barrier Newton
/// recentring where the curvature of the constraints blocks the step), run by one thread group on
/// <see cref="InteriorPointProblem"/>. Same constants and the same decisions as <c>InteriorPointState</c> on the host.
/// </summary>
internal static class InteriorPointIteration
{
    const double ToBoundary = 0.99;       // fraction of the step to the boundary of z ≥ 0 and g ≤ 0 that is taken
    const double ShortStep = 0.1;         // a feasible predictor–corrector step shorter than this recentres instead
    const double CentredDecrement = 1e-2; // half the squared Newton decrement at which a recentring stops
    const int MaxStepsPerCall = 60;       // the host solver's budget of one step with its recentring

    /// <summary>Runs one problem to its stop and returns the outcome (the point stays in the problem's iterate).</summary>
    public static BrojaInteriorPointOutcome Run(InteriorPointProblem p, BrojaInteriorPointSettings settings)
    {
        int cells = p.Prepare();
        var o = new BrojaInteriorPointOutcome { Status = BrojaInteriorPointOutcome.Reached };
        p.Start();
        if (cells == 0) return o;
        double stop = settings.StopFraction * settings.TargetGapNats;
        int steps = 0;
        o.Status = BrojaInteriorPointOutcome.StepCap;
        while (steps < settings.MaxSteps)
        {
            int budget = Math.Min(settings.MaxSteps - steps, MaxStepsPerCall);
            int used = Step(p, cells, budget, out bool stalled);
            steps += used;
            if (stalled) { o.Status = BrojaInteriorPointOutcome.Stalled; break; }
            if (p.Complementarity() <= stop) { o.Status = BrojaInteriorPointOutcome.Reached; break; }
        }
        o.Steps = steps;
        o.Complementarity = p.Complementarity();
        o.DualValue = p.DualValue();
        return o;
    }

    /// <summary>One predictor–corrector step or, when it is short, a recentring; returns the Newton systems solved.</summary>
    static int Step(InteriorPointProblem p, int cells, int budget, out bool stalled)
    {
        stalled = false;
        if (Predict(p, cells, out double mu)) return 1;
        bool moved = false;
        int used = budget > 1 ? Centre(p, mu, budget - 1, out moved) : 0;
        stalled = !moved;
        return 1 + used;
    }

    /// <summary>The predictor–corrector step; false (the point unchanged) when the feasible step is short.</summary>
    static bool Predict(InteriorPointProblem p, int cells, out double mu)
    {
        int t = Group.IdxX, threads = Group.DimX, pairs = p.Shape.PairCells;
        for (int c = t; c < pairs; c += threads)
        {
            double s = p.Active[c] != 0 ? -p.G[c] : 1;
            p.Slack[c] = s;
            p.Weight[c] = p.Mass[c];
            p.RankOne[c] = p.Mass[c] / s - p.Mass[c];
        }
        Group.Barrier();
        mu = p.Complementarity() / cells;
        if (!p.Factor()) return false;

        // Predictor (σ = 0): H Δ = p.
        p.RightSide(Zero(p));
        p.Solve();
        for (int i = t; i < p.Shape.X1Y; i += threads) p.PredictorLambda[i] = p.Direction[i];
        for (int i = t; i < p.Shape.X2Y; i += threads) p.PredictorMu[i] = p.Direction[p.Shape.X1Y + i];
        p.Directional(p.DgAffine);
        for (int c = t; c < pairs; c += threads) p.DzAffine[c] = p.Mass[c] * (p.DgAffine[c] / p.Slack[c] - 1);
        Group.Barrier();
        double alphaZ = Math.Min(1, p.MaxStep(p.Mass, p.DzAffine, 1));
        double alphaX = Math.Min(1, p.MaxStep(p.Slack, p.DgAffine, -1));
        double affine = 0;
        for (int c = t; c < pairs; c += threads)
            if (p.Active[c] != 0) affine += (p.Mass[c] + alphaZ * p.DzAffine[c]) * (p.Slack[c] - alphaX * p.DgAffine[c]);
        affine = GroupReduce.Sum(affine, p.ReduceScratch);
        double ratio = affine / cells / mu;
        double sigma = Math.Min(1, Math.Max(0, ratio * ratio * ratio));
        if (double.IsNaN(sigma)) sigma = 1;

        // Corrector: κ_c = (σμ + Δz_aff Δg_aff) / s_c, right side p − Σ κ π.
        for (int c = t; c < pairs; c += threads) p.Kappa[c] = (sigma * mu + p.DzAffine[c] * p.DgAffine[c]) / p.Slack[c];
        Group.Barrier();
        p.RightSide(p.Kappa);
        p.Solve();
        p.Directional(p.Dg);
        for (int c = t; c < pairs; c += threads)
        {
            double r = p.Mass[c] * p.Slack[c] - sigma * mu - p.DzAffine[c] * p.DgAffine[c];
            p.Dz[c] = (p.Mass[c] * p.Dg[c] - r) / p.Slack[c];
        }
        Group.Barrier();
        alphaZ = Math.Min(1, ToBoundary * p.MaxStep(p.Mass, p.Dz, 1));
        alphaX = Math.Min(1, ToBoundary * p.MaxStep(p.Slack, p.Dg, -1));
        for (; alphaX > 1e-12; alphaX *= 0.5)
            if (p.TryTrial(alphaX)) break;
        if (!(alphaX >= ShortStep)) return false;
        p.Accept();
        for (int c = t; c < pairs; c += threads) if (p.Active[c] != 0) p.Mass[c] += alphaZ * p.Dz[c];
        Group.Barrier();
        return true;
    }

    /// <summary>κ = 0 (the predictor's right side is p itself); Dz is free until the corrector.</summary>
    static ArrayView<double> Zero(InteriorPointProblem p)
    {
        for (int c = Group.IdxX; c < p.Shape.PairCells; c += Group.DimX) p.Dz[c] = 0;
        Group.Barrier();
        return p.Dz;
    }

    /// <summary>
    /// Damped Newton steps on the barrier F(x) = −pᵀx/μ − Σ log(−g_c) with backtracking on F, then z = μ/(−g): the way
    /// back to the central path. Returns the Newton systems solved.
    /// </summary>
    static int Centre(InteriorPointProblem p, double mu, int budget, out bool movedAtAll)
    {
        int t = Group.IdxX, threads = Group.DimX, pairs = p.Shape.PairCells, x1y = p.Shape.X1Y;
        int used = 0;
        movedAtAll = false;
        while (used < budget)
        {
            for (int c = t; c < pairs; c += threads)
            {
                double s = p.Active[c] != 0 ? -p.G[c] : 1;
                p.Slack[c] = s;
                p.Weight[c] = mu / s;
                p.RankOne[c] = p.Weight[c] / s - p.Weight[c];
            }
            Group.Barrier();
            used++;
            if (!p.Factor()) break;
            p.RightSide(p.Weight);
            p.Solve();
            // Newton decrement² of F: (p − Σ w π)·Δ / μ, and F's slope along Δ.
            double slope = 0, dec = 0;
            for (int i = t; i < p.N; i += threads)
            {
                double prob = i < x1y ? p.P1[i] : p.P2[i - x1y];
                if (prob > 0) { slope += prob * p.Direction[i]; dec += p.Rhs[i] * p.Direction[i]; }
            }
            slope = GroupReduce.Sum(slope, p.ReduceScratch) / -mu;
            dec = GroupReduce.Sum(dec, p.ReduceScratch) / mu;
            bool moved = false;
            for (double alpha = 1; alpha > 1e-12 && !moved; alpha *= 0.5)
            {
                if (!p.TryTrial(alpha)) continue;
                // F's change summed term by term, so it stays exact when F itself is huge.
                double change = 0;
                for (int c = t; c < pairs; c += threads) if (p.Active[c] != 0) change -= Math.Log(p.TrialG[c] / p.G[c]);
                change = alpha * slope + GroupReduce.Sum(change, p.ReduceScratch);
                moved = change <= -0.25 * alpha * dec || (alpha == 1 && dec < 1e-6 && change <= 1e-12);
            }
            if (!moved) break;
            movedAtAll = true;
            p.Accept();
            if (dec / 2 <= CentredDecrement) break;
        }
        for (int c = t; c < pairs; c += threads) p.Mass[c] = p.Active[c] != 0 ? mu / -p.G[c] : 0;
        Group.Barrier();
        return used;
    }
}

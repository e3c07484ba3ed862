namespace PidGpu.Kernels.Gaussian;

/// <summary>
/// Gaussian PID of one covariance over [X1, X2, Y], serial, generic over where its numbers live (so the same
/// source runs on the host and inside <see cref="GaussianPidSolver"/>'s kernel).
///
/// ~G-PID (Venkatesh, Bennett, Gale, Ramirez, Heller, Durand, Olsen &amp; Mihalas, NeurIPS 2023, "Gaussian
/// partial information decomposition: bias correction and application to high-dimensional data",
/// arXiv 2307.10515) is BROJA restricted to jointly Gaussian Q. After whitening, with Y' = L_Y⁻¹Y and
/// X_i = L_i (H_i Y' + N_i), N_i ~ N(0, I), every jointly Gaussian Q with P's (X1,Y) and (X2,Y) marginals is
/// fixed by Σ = Cov_Q(N1, N2), and Q is valid iff ‖Σ‖₂ ≤ 1. Its union information is
///   f(Σ) = I_Q(Y; X1, X2) = ½ log det(I + H2ᵀH2 + Bᵀ S⁻¹ B),  S = I − ΣΣᵀ,  B = H1 − Σ H2,
/// with gradient ∇f = P W (PᵀΣ − H2ᵀ), P = S⁻¹B, W = (I + H2ᵀH2 + BᵀP)⁻¹.
/// f is convex in Σ: f = −½ log det Σ_{Y|X} and the Schur complement Σ_Y − CΣ_X⁻¹Cᵀ is matrix-concave in
/// Σ_X, which is affine in Σ. So ~G-PID's min_Σ f is a convex problem over the spectral-norm ball. (The
/// authors' code minimises the same f by sign-gradient steps with an eigenvalue projection and an
/// objective-change stopping rule; the method below is ours and reports a certified gap instead.)
///
/// Solver: projected gradient with Barzilai–Borwein steps and Armijo backtracking (spectral projected
/// gradient); projection onto the ball clips singular values (one-sided Jacobi SVD). The iterate stays in the
/// ball of radius r = 1 − margin so that S is invertible. Certificate (convexity): for any iterate, the
/// Frank–Wolfe gap g = ⟨∇f, Σ⟩ + r‖∇f‖_* gives min over the r-ball ≥ f(Σ) − g; the margin costs at most
/// (1 − r)(f(0) − f*); and max(I1, I2) is always a lower bound (tight for scalar Y). The solver stops when
/// f minus the best lower bound reaches the target, stalls at rounding, or hits the iteration limit.
/// </summary>
internal static class GaussianPidCore
{
    public const double Log2E = 1.4426950408889634;

    /// <summary>A Cholesky pivot below this fraction of its diagonal entry (R² &gt; 1 − 1e-12) counts as singular.</summary>
    public const double SingularTolerance = 1e-12;

    public static GaussianPidOutcome Run<TC, TW>(TC cov, TW w, GaussianShape s, GaussianPidSettings settings)
        where TC : struct, IScratch where TW : struct, IScratch
    {
        var o = new GaussianPidOutcome { Status = Whiten(cov, w, s, settings.Ridge) };
        if (o.Status != (int)GaussianStatus.Ok) return o;

        o.I1 = HalfLogDetIdentityPlusGram(w, s.H1, s.D1, s.DY, s.M);
        SmallDense.Gemm(w, s.H2tH2, s.H2, s.H2, s.DY, s.D2, s.DY, true, false, 1, 0);
        SmallDense.Copy(w, s.M, s.H2tH2, (long)s.DY * s.DY);
        SmallDense.AddIdentity(w, s.M, s.DY, 1);
        o.I2 = 0.5 * SmallDense.Cholesky(w, s.M, s.DY, 0);
        o.I12 = Objective(w, s, s.SigmaP, -1, SingularTolerance);
        if (double.IsNaN(o.I12)) { o.Status = (int)GaussianStatus.JointSingular; return o; }
        if (settings.SolveBroja == 0) return o;
        return Minimise(w, s, settings, o);
    }

    static GaussianPidOutcome Minimise<TW>(TW w, GaussianShape s, GaussianPidSettings settings, GaussianPidOutcome o)
        where TW : struct, IScratch
    {
        long n = (long)s.D1 * s.D2;
        double r = 1 - settings.BoundaryMargin;

        // Start from the better of Σ = 0 (conditional independence) and P's own Σ pulled into the r-ball.
        SmallDense.Fill(w, s.Sigma, n, 0);
        double f = Objective(w, s, s.Sigma, s.Grad, 0);
        o.Independent = f;
        SmallDense.Copy(w, s.Trial, s.SigmaP, n);
        Project(w, s, s.Trial, r);
        double fp = Objective(w, s, s.Trial, s.GradTrial, 0);
        if (fp < f)
        {
            f = fp;
            SmallDense.Copy(w, s.Sigma, s.Trial, n);
            SmallDense.Copy(w, s.Grad, s.GradTrial, n);
        }

        double gnorm = Math.Sqrt(SmallDense.Dot(w, s.Grad, s.Grad, n));
        double alpha = gnorm > 1 ? 1 / gnorm : 1;
        // Lower bounds on the minimum: max(I1, I2) always (I_Q(Y;X1,X2) ≥ I(Y;Xi) on Δ_P; tight for scalar Y),
        // and the best Frank–Wolfe bound f(Σ_k) − g_k over all checked iterates.
        double scalarBound = Math.Max(o.I1, o.I2), ballBound = double.NegativeInfinity;
        double fw = FrankWolfeGap(w, s, r);
        ballBound = Math.Max(ballBound, f - fw);
        double cert = f - LowerBound(scalarBound, ballBound, r, o.Independent);
        int it = 0, stalled = 0, stop = (int)GaussianStop.IterationLimit;
        double lastGood = cert;
        bool fresh = true; // the certificate belongs to the current iterate
        while (it < settings.MaxIterations)
        {
            if (cert <= settings.TargetGapNats) { stop = (int)GaussianStop.Certified; break; }
            it++;
            // Dir = Proj(Σ − αG) − Σ: a feasible descent direction (Σ + tDir stays in the convex ball for t ≤ 1).
            SmallDense.Axpy(w, s.Dir, s.Sigma, -alpha, s.Grad, n);
            Project(w, s, s.Dir, r);
            SmallDense.Axpy(w, s.Dir, s.Dir, -1, s.Sigma, n);
            double slope = SmallDense.Dot(w, s.Grad, s.Dir, n);
            if (!(slope < 0)) { stop = (int)GaussianStop.Stalled; break; } // stationary to rounding

            double t = 1, ft = double.NaN;
            bool accepted = false;
            for (int ls = 0; ls < 50 && !accepted; ls++)
            {
                SmallDense.Axpy(w, s.Trial, s.Sigma, t, s.Dir, n);
                ft = Objective(w, s, s.Trial, s.GradTrial, 0);
                // Armijo on f, or its gradient form: φ(t) = f(Σ + t·Dir) is convex, so φ'(t) ≤ c·φ'(0) implies
                // φ(t) ≤ φ(0) + c·t·φ'(0). The second test still works once f's decrease is below rounding.
                if (ft <= f + 1e-4 * t * slope || SmallDense.Dot(w, s.GradTrial, s.Dir, n) <= 1e-4 * slope) accepted = true;
                else t *= 0.5;
            }
            if (!accepted) { stop = (int)GaussianStop.Stalled; break; }

            // Barzilai–Borwein step from s_k = t·Dir and y_k = ΔG (⟨s, y⟩ ≥ 0 by convexity).
            double ss = t * t * SmallDense.Dot(w, s.Dir, s.Dir, n);
            double sy = t * (SmallDense.Dot(w, s.Dir, s.GradTrial, n) - slope);
            alpha = sy > 0 ? Math.Min(1e6, Math.Max(1e-12, ss / sy)) : 1e6;
            o.StepNorm = Math.Sqrt(ss);
            o.ObjectiveChange = f - ft;
            f = ft; // may exceed the old f by rounding only: the step descends analytically
            SmallDense.Copy(w, s.Sigma, s.Trial, n);
            SmallDense.Copy(w, s.Grad, s.GradTrial, n);
            fresh = it % settings.CheckEvery == 0;
            if (fresh)
            {
                fw = FrankWolfeGap(w, s, r);
                ballBound = Math.Max(ballBound, f - fw);
                cert = f - LowerBound(scalarBound, ballBound, r, o.Independent);
                // Progress is judged by the certificate: give up when it has not halved for StallChecks checks.
                if (cert < 0.5 * lastGood) { lastGood = cert; stalled = 0; }
                else if (++stalled >= StallChecks) { stop = (int)GaussianStop.Stalled; break; }
            }
        }
        if (!fresh)
        {
            fw = FrankWolfeGap(w, s, r);
            ballBound = Math.Max(ballBound, f - fw);
            cert = f - LowerBound(scalarBound, ballBound, r, o.Independent);
        }
        o.Union = f;
        o.FrankWolfeGap = fw;
        o.Gap = cert;
        o.Iterations = it;
        o.Converged = cert <= settings.TargetGapNats ? 1 : 0;
        o.Stop = o.Converged != 0 ? (int)GaussianStop.Certified : stop;
        return o;
    }

    /// <summary>Consecutive certificate checks without halving the gap before the solver gives up.</summary>
    const int StallChecks = 40;

    /// <summary>
    /// Best lower bound on min f over the unit ball: the scalar bound, or the r-ball bound carried over by convexity,
    /// min_r ≤ f(rΣ*) ≤ r f* + (1 − r) f(0), i.e. f* ≥ (min_r − (1 − r) f(0)) / r.
    /// </summary>
    static double LowerBound(double scalarBound, double ballBound, double r, double f0)
        => Math.Max(scalarBound, (ballBound - (1 - r) * f0) / r);

    /// <summary>
    /// Frank–Wolfe gap at the iterate: max over the r-ball of ⟨G, Σ − X⟩ = ⟨G,Σ⟩ + r‖G‖_* (nuclear norm, from a
    /// one-sided Jacobi SVD of G); by convexity an upper bound on f(Σ) − min over the r-ball, zero at the optimum.
    /// </summary>
    static double FrankWolfeGap<TW>(TW w, GaussianShape s, double r) where TW : struct, IScratch
    {
        long n = (long)s.D1 * s.D2;
        SmallDense.Copy(w, s.Aux, s.Grad, n);
        SmallDense.OrthogonalizeColumns(w, s.Aux, s.D1, s.D2, s.V, false, 60);
        double nuclear = 0;
        for (int j = 0; j < s.D2; j++) nuclear += SmallDense.ColumnNorm(w, s.Aux, s.D1, s.D2, j);
        return SmallDense.Dot(w, s.Grad, s.Sigma, n) + r * nuclear;
    }

    /// <summary>
    /// f(Σ) in nats for Σ at <paramref name="sigma"/>, and ∇f into <paramref name="grad"/> unless it is negative.
    /// NaN when I − ΣΣᵀ is not positive definite to <paramref name="relTol"/>. Uses the S, B, P, M, Z temporaries.
    /// </summary>
    static double Objective<TW>(TW w, GaussianShape s, long sigma, long grad, double relTol) where TW : struct, IScratch
    {
        SmallDense.Gemm(w, s.S, sigma, sigma, s.D1, s.D2, s.D1, false, true, -1, 0);
        SmallDense.AddIdentity(w, s.S, s.D1, 1);
        if (double.IsNaN(SmallDense.Cholesky(w, s.S, s.D1, relTol))) return double.NaN;

        SmallDense.Copy(w, s.B, s.H1, (long)s.D1 * s.DY);
        SmallDense.Gemm(w, s.B, sigma, s.H2, s.D1, s.D2, s.DY, false, false, -1, 1);
        SmallDense.Copy(w, s.P, s.B, (long)s.D1 * s.DY);
        SmallDense.SolveLower(w, s.S, s.D1, s.P, s.DY);
        SmallDense.SolveLowerTransposed(w, s.S, s.D1, s.P, s.DY);

        SmallDense.Copy(w, s.M, s.H2tH2, (long)s.DY * s.DY);
        SmallDense.AddIdentity(w, s.M, s.DY, 1);
        SmallDense.Gemm(w, s.M, s.B, s.P, s.DY, s.D1, s.DY, true, false, 1, 1);
        double logDet = SmallDense.Cholesky(w, s.M, s.DY, 0);
        if (double.IsNaN(logDet) || grad < 0) return 0.5 * logDet;

        // Z = M⁻¹ (PᵀΣ − H2ᵀ), then ∇f = P Z.
        SmallDense.Gemm(w, s.Z, s.P, sigma, s.DY, s.D1, s.D2, true, false, 1, 0);
        for (int i = 0; i < s.DY; i++)
            for (int j = 0; j < s.D2; j++) w[s.Z + (long)i * s.D2 + j] -= w[s.H2 + (long)j * s.DY + i];
        SmallDense.SolveLower(w, s.M, s.DY, s.Z, s.D2);
        SmallDense.SolveLowerTransposed(w, s.M, s.DY, s.Z, s.D2);
        SmallDense.Gemm(w, grad, s.P, s.Z, s.D1, s.DY, s.D2, false, false, 1, 0);
        return 0.5 * logDet;
    }

    /// <summary>
    /// Euclidean projection of X (D1×D2) onto {‖X‖₂ ≤ r}: singular values above r are clipped to r.
    /// A Cholesky of r²I − XXᵀ first tests membership, so interior points skip the SVD.
    /// </summary>
    static void Project<TW>(TW w, GaussianShape s, long x, double r) where TW : struct, IScratch
    {
        SmallDense.Gemm(w, s.S, x, x, s.D1, s.D2, s.D1, false, true, -1, 0);
        SmallDense.AddIdentity(w, s.S, s.D1, r * r);
        if (!double.IsNaN(SmallDense.Cholesky(w, s.S, s.D1, 0))) return;

        SmallDense.OrthogonalizeColumns(w, x, s.D1, s.D2, s.V, true, 60);
        for (int j = 0; j < s.D2; j++)
        {
            double sv = SmallDense.ColumnNorm(w, x, s.D1, s.D2, j);
            if (sv <= r) continue;
            double scale = r / sv;
            for (int i = 0; i < s.D1; i++) w[x + (long)i * s.D2 + j] *= scale;
        }
        SmallDense.Gemm(w, s.Aux, x, s.V, s.D1, s.D2, s.D2, false, true, 1, 0);
        SmallDense.Copy(w, x, s.Aux, (long)s.D1 * s.D2);
    }

    /// <summary>½ log det(I + HᵀH) for H rows×cols, using <paramref name="tmp"/> (cols×cols).</summary>
    static double HalfLogDetIdentityPlusGram<TW>(TW w, long h, int rows, int cols, long tmp) where TW : struct, IScratch
    {
        SmallDense.Gemm(w, tmp, h, h, cols, rows, cols, true, false, 1, 0);
        SmallDense.AddIdentity(w, tmp, cols, 1);
        return 0.5 * SmallDense.Cholesky(w, tmp, cols, 0);
    }

    /// <summary>
    /// Fills Ly, T1, T2, L1, L2, H1, H2 and SigmaP from the covariance (with the optional relative ridge).
    /// Cholesky whitening is as good as the symmetric square root here: every MI is invariant under invertible
    /// maps of X1, X2 and Y separately.
    /// </summary>
    static int Whiten<TC, TW>(TC cov, TW w, GaussianShape s, double ridge) where TC : struct, IScratch where TW : struct, IScratch
    {
        double r1 = ridge * MeanDiagonal(cov, s, 0, s.D1);
        double r2 = ridge * MeanDiagonal(cov, s, s.D1, s.D2);
        double ry = ridge * MeanDiagonal(cov, s, s.D1 + s.D2, s.DY);
        int y0 = s.D1 + s.D2, x2 = s.D1;

        for (int i = 0; i < s.DY; i++)
            for (int j = 0; j < s.DY; j++) w[s.Ly + (long)i * s.DY + j] = Entry(cov, s, y0 + i, y0 + j, i == j ? ry : 0);
        if (double.IsNaN(SmallDense.Cholesky(w, s.Ly, s.DY, SingularTolerance))) return (int)GaussianStatus.TargetSingular;

        if (!Channel(cov, w, s, 0, s.D1, s.T1, s.L1, s.H1, r1)) return (int)GaussianStatus.Source1Singular;
        if (!Channel(cov, w, s, x2, s.D2, s.T2, s.L2, s.H2, r2)) return (int)GaussianStatus.Source2Singular;

        // Σ_P = L1⁻¹ (Σ_12 − T1ᵀ T2) L2⁻ᵀ: P's cross-covariance of the whitened channel noises.
        for (int i = 0; i < s.D1; i++)
            for (int j = 0; j < s.D2; j++) w[s.SigmaP + (long)i * s.D2 + j] = Entry(cov, s, i, x2 + j, 0);
        SmallDense.Gemm(w, s.SigmaP, s.T1, s.T2, s.D1, s.DY, s.D2, true, false, -1, 1);
        SmallDense.SolveLower(w, s.L1, s.D1, s.SigmaP, s.D2);
        SmallDense.SolveLowerRows(w, s.L2, s.D2, s.SigmaP, s.D1);
        return (int)GaussianStatus.Ok;
    }

    /// <summary>One source channel: T = L_Y⁻¹ Σ_{Y,X}, L = chol(Σ_X − TᵀT) = chol(Σ_{X|Y}), H = L⁻¹ Tᵀ.</summary>
    static bool Channel<TC, TW>(TC cov, TW w, GaussianShape s, int x0, int d, long t, long l, long h, double ridge)
        where TC : struct, IScratch where TW : struct, IScratch
    {
        int y0 = s.D1 + s.D2;
        for (int i = 0; i < s.DY; i++)
            for (int j = 0; j < d; j++) w[t + (long)i * d + j] = Entry(cov, s, y0 + i, x0 + j, 0);
        SmallDense.SolveLower(w, s.Ly, s.DY, t, d);
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) w[l + (long)i * d + j] = Entry(cov, s, x0 + i, x0 + j, i == j ? ridge : 0);
        SmallDense.Gemm(w, l, t, t, d, s.DY, d, true, false, -1, 1);
        if (double.IsNaN(SmallDense.Cholesky(w, l, d, SingularTolerance))) return false;
        SmallDense.CopyTransposed(w, h, t, s.DY, d);
        SmallDense.SolveLower(w, l, d, h, s.DY);
        return true;
    }

    static double Entry<TC>(TC cov, GaussianShape s, int i, int j, double add) where TC : struct, IScratch
        => cov[(long)i * s.Dim + j] + add;

    static double MeanDiagonal<TC>(TC cov, GaussianShape s, int start, int count) where TC : struct, IScratch
    {
        double sum = 0;
        for (int i = start; i < start + count; i++) sum += cov[(long)i * s.Dim + i];
        return sum / count;
    }
}

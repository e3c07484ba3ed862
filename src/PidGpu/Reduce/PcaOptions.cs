namespace PidGpu.Reduce;

/// <summary>Settings of <see cref="PcaFit"/>.</summary>
public sealed record PcaOptions
{
    /// <summary>k, the number of principal components kept (1 ≤ k &lt; d).</summary>
    public int Components { get; init; } = PidDefaults.PcaComponents;

    /// <summary>
    /// Instead of a fixed <see cref="Components"/>: keep the fewest components whose eigenvalues reach this share of the
    /// exact trace (e.g. 0.95); <see cref="Components"/> is then the first guess, doubled until reached. 0 = off.
    /// </summary>
    public double VarianceTarget { get; init; }

    /// <summary>Where the dense products run: Auto = the host for ILGPU's CPU accelerator, the device kernels on a GPU.</summary>
    public PcaBackend Backend { get; init; } = PcaBackend.Auto;

    /// <summary>Floats per chunk read from the source and sent to the device (rows = this / d, at least 1).</summary>
    public int ChunkValues { get; init; } = 1 << 22;

    /// <summary>
    /// Matrices with d up to this use host Jacobi (all eigenpairs, robust to flat spectra, O(d³)
    /// per sweep on one core); larger d the device subspace iteration (fast for decaying spectra).
    /// </summary>
    public int JacobiMaxColumns { get; init; } = 256;

    /// <summary>Subspace iteration (both paths): extra block columns beyond k.</summary>
    public int Oversampling { get; init; } = 8;

    /// <summary>Subspace iteration on the formed matrix (covariance path): stop when max ‖C·v − λ·v‖ ≤ this × λ₁.</summary>
    public double Tolerance { get; init; } = 1e-10;

    /// <summary>Subspace iteration on the formed matrix (covariance path): most iterations.</summary>
    public int MaxIterations { get; init; } = 2000;

    /// <summary>Seed of the subspace iteration's start block (both paths).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// Which path computes the eigenpairs. <see cref="PcaMethod.Auto"/> compares multiply-adds: the covariance costs
    /// N·d²/2 (a symmetric Gram product), the matrix-free path 2·N·d·m per iteration, m = k + <see cref="Oversampling"/>,
    /// over a pessimistic budget of <see cref="ExpectedIterations"/> iterations (decaying spectra took 13–16). It takes
    /// the matrix-free path when that budget is below the covariance's work — 2·m·30 ≤ d/2, i.e. d ≥ 120·m (1920 for
    /// k = 8) — and d ≥ <see cref="MatrixFreeMinColumns"/>; the covariance otherwise, so narrower data (every d ≤ 1024)
    /// keeps its results bit for bit, and so does wide data with many components (d = 4096 from k = 27 on). Both paths
    /// ran at about the same speed per multiply-add on the CPU accelerator (N = 10 000: d = 2048, k = 8 took 51 s of CPU
    /// time by the covariance, 17 s matrix-free in 16 iterations); so do the host back-end's packed SYRK and GEMMs
    /// (<see cref="Backend"/>). With a <see cref="VarianceTarget"/> Auto takes the covariance: k is not known in advance, and
    /// every k the target tries costs the matrix-free path more passes over the data, the formed matrix only products with it.
    /// </summary>
    public PcaMethod Method { get; init; } = PcaMethod.Auto;

    /// <summary>Narrowest data for which <see cref="PcaMethod.Auto"/> may pick the matrix-free path.</summary>
    public const int MatrixFreeMinColumns = 2048;

    /// <summary>Iterations assumed by <see cref="PcaMethod.Auto"/> for the matrix-free path (13–16 on the decaying
    /// spectra measured with plain iteration, 7–9 passes with the host's m = 24 and the Chebyshev filter; a flat spectrum
    /// below the k-th eigenvalue needs more).</summary>
    public const int ExpectedIterations = 30;

    /// <summary>
    /// Matrix-free path: stop when max ‖C·v − λ·v‖ ≤ this × λ₁. Looser than <see cref="Tolerance"/> because every
    /// iteration is a full pass over the data and each decade costs about ln 10 / ln(λ_k/λ_{m+1}) more of them,
    /// while a residual r moves eigenvalues by ≈ r²/gap and vectors by ≈ r/gap: at 1e-6·λ₁ the eigenvalues are
    /// exact to ~1e-12 relative and the loadings to ~1e-6, far below the sampling error (~1/√N) of any PCA of data.
    /// </summary>
    public double MatrixFreeTolerance { get; init; } = 1e-6;

    /// <summary>
    /// Matrix-free path: most iterations (data passes); non-convergence is reported (<see cref="SymmetricEigen.Converged"/>),
    /// not thrown. At d = 4096, k = 8 about 64 iterations cost as many multiply-adds as the covariance, so beyond 100 a
    /// spectrum this flat is better served by <see cref="PcaMethod.Covariance"/>.
    /// </summary>
    public int MatrixFreeMaxIterations { get; init; } = 100;

    /// <summary>
    /// Matrix-free path: most passes over the data per iteration. 1 is plain subspace iteration (converging like
    /// (λ_{m+1}/λ_k)^passes); t &gt; 1 applies a Chebyshev filter on [0, θ_m] of degree up to t between Rayleigh–Ritz steps
    /// (<see cref="SubspaceEigen.Iterate"/>), which damps the unwanted eigenvalues faster per pass, its degree predicted
    /// from the Ritz values to reach the tolerance. Either way the result is certified by the same residual test; only
    /// the number of passes changes.
    /// </summary>
    public int MatrixFreeFilterDegree { get; init; } = 8;

    /// <summary>
    /// Matrix-free path: a source of at most this many floats (default 2²⁸, 1 GiB) is uploaded once and kept on the
    /// device; a larger one is re-read from the source, chunk by chunk, on every iteration.
    /// </summary>
    public long MatrixFreeResidentValues { get; init; } = 1L << 28;

    /// <summary>The path <paramref name="columns"/> columns take under these options (<see cref="Method"/> resolved).</summary>
    public PcaMethod MethodFor(int columns)
    {
        if (Method != PcaMethod.Auto) return Method;
        if (VarianceTarget > 0) return PcaMethod.Covariance;
        long m = Math.Min(columns, Components + Math.Max(0, Oversampling));
        bool matrixFree = columns >= MatrixFreeMinColumns && 2 * m * ExpectedIterations <= columns / 2.0;
        return matrixFree ? PcaMethod.MatrixFree : PcaMethod.Covariance;
    }
}

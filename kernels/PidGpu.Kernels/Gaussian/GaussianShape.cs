namespace PidGpu.Kernels.Gaussian;

/// <summary>
/// Dimensions of a batch of jointly Gaussian problems, each a covariance over [X1 (D1), X2 (D2), Y (DY)]
/// stored row-major as Dim×Dim doubles, problems back to back. Also the layout of the per-problem workspace
/// of <see cref="GaussianPidCore"/> (offsets in doubles).
/// </summary>
public readonly struct GaussianShape(int d1, int d2, int dy)
{
    public readonly int D1 = d1;
    public readonly int D2 = d2;
    public readonly int DY = dy;

    public int Dim => D1 + D2 + DY;
    public long CovLength => (long)Dim * Dim;

    // Workspace layout: whitening factors, channel gains, the optimisation variable and its temporaries.
    internal long Ly => 0;                                // DY×DY Cholesky factor of Σ_Y
    internal long T1 => Ly + (long)DY * DY;               // DY×D1  L_Y⁻¹ Σ_{Y,X1}
    internal long T2 => T1 + (long)DY * D1;               // DY×D2  L_Y⁻¹ Σ_{Y,X2}
    internal long L1 => T2 + (long)DY * D2;               // D1×D1  Cholesky factor of Σ_{X1|Y}
    internal long L2 => L1 + (long)D1 * D1;               // D2×D2  Cholesky factor of Σ_{X2|Y}
    internal long H1 => L2 + (long)D2 * D2;               // D1×DY  whitened gain of the X1 channel
    internal long H2 => H1 + (long)D1 * DY;               // D2×DY  whitened gain of the X2 channel
    internal long H2tH2 => H2 + (long)D2 * DY;            // DY×DY
    internal long SigmaP => H2tH2 + (long)DY * DY;        // D1×D2  P's whitened noise cross-covariance
    internal long Sigma => SigmaP + (long)D1 * D2;        // D1×D2  current iterate
    internal long Grad => Sigma + (long)D1 * D2;          // D1×D2  gradient at Sigma
    internal long Dir => Grad + (long)D1 * D2;            // D1×D2  projected-gradient direction
    internal long Trial => Dir + (long)D1 * D2;           // D1×D2  line-search point
    internal long GradTrial => Trial + (long)D1 * D2;     // D1×D2  gradient at Trial
    internal long Aux => GradTrial + (long)D1 * D2;       // D1×D2  SVD / product temporary
    internal long V => Aux + (long)D1 * D2;               // D2×D2  right singular vectors
    internal long S => V + (long)D2 * D2;                 // D1×D1  I − ΣΣᵀ and its factor
    internal long B => S + (long)D1 * D1;                 // D1×DY  H1 − Σ H2
    internal long P => B + (long)D1 * DY;                 // D1×DY  S⁻¹ B
    internal long M => P + (long)D1 * DY;                 // DY×DY  I + H2ᵀH2 + Bᵀ S⁻¹ B
    internal long Z => M + (long)DY * DY;                 // DY×D2  M⁻¹ (Pᵀ Σ − H2ᵀ)

    /// <summary>Doubles of workspace one problem needs; allocate problems × this.</summary>
    public long WorkspaceLength => Z + (long)DY * D2;
}

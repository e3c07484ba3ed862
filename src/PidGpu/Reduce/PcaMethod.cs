namespace PidGpu.Reduce;

/// <summary>How <see cref="PcaFit"/> reaches the top eigenpairs of the correlation matrix.</summary>
public enum PcaMethod
{
    /// <summary>Matrix-free for wide data with few components, the covariance otherwise (rule at <see cref="PcaOptions.Method"/>).</summary>
    Auto,
    /// <summary>Form the d×d correlation matrix (O(N·d²)), then Jacobi or the dense subspace iteration.</summary>
    Covariance,
    /// <summary>Block subspace iteration on the implicit C = ZᵀZ/N, streaming the rows twice per iteration (O(N·d·m) each).</summary>
    MatrixFree,
}

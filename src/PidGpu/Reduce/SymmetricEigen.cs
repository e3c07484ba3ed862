namespace PidGpu.Reduce;

/// <summary>
/// The top <c>K</c> eigenpairs of a symmetric d×d matrix, largest eigenvalue first.
/// </summary>
/// <param name="Values">K eigenvalues, descending.</param>
/// <param name="Vectors">Unit eigenvectors, row-major d×K: <c>Vectors[i * K + j]</c> is entry i of vector j.</param>
/// <param name="Residual">Convergence measure: max over the K pairs of ‖A·v − λ·v‖₂, on the input matrix (for
/// "matrix-free", on the implicit correlation matrix ZᵀZ/N).</param>
/// <param name="Iterations">Jacobi sweeps, or subspace iterations (for "matrix-free" each is a pass over the data).</param>
/// <param name="Converged">Whether the solver met its tolerance within its iteration limit.</param>
/// <param name="Solver">"jacobi" (host), "subspace" (block iteration on a formed matrix, device or host products) or "matrix-free"
/// (the same iteration on the correlation matrix as an operator, see <see cref="PcaFit"/>).</param>
public sealed record SymmetricEigen(double[] Values, double[] Vectors, double Residual, int Iterations, bool Converged, string Solver)
{
    public int K => Values.Length;
    public int Dimension => Values.Length == 0 ? 0 : Vectors.Length / Values.Length;

    /// <summary>Checks an eigensolver's input: a row-major d×d matrix of finite values and 1 ≤ k ≤ d.</summary>
    /// <exception cref="PidInputException">Shapes do not match, k is out of [1, d], or a value is not finite.</exception>
    internal static void Check(ReadOnlySpan<double> a, int d, int k)
    {
        if (d < 1 || a.Length != (long)d * d)
            throw new PidInputException($"the eigensolver needs a d×d matrix: got {a.Length} values for d = {d}.");
        if (k < 1 || k > d)
            throw new PidInputException($"cannot take {k} eigenpairs of a {d}×{d} matrix (need 1 ≤ k ≤ {d}).");
        foreach (double v in a)
            if (!double.IsFinite(v)) throw new PidInputException($"the matrix for the eigensolver holds {v}; values must be finite.");
    }

    /// <summary>max_j ‖A·v_j − λ_j·v_j‖₂ for row-major A (d×d) and row-major vectors (d×k).</summary>
    internal static double MaxResidual(ReadOnlySpan<double> a, int d, ReadOnlySpan<double> values, ReadOnlySpan<double> vectors)
    {
        int k = values.Length;
        double worst = 0;
        for (int j = 0; j < k; j++)
        {
            double sq = 0;
            for (int i = 0; i < d; i++)
            {
                double av = 0;
                for (int c = 0; c < d; c++) av += a[i * d + c] * vectors[c * k + j];
                double r = av - values[j] * vectors[i * k + j];
                sq += r * r;
            }
            worst = Math.Max(worst, Math.Sqrt(sq));
        }
        return worst;
    }

    /// <summary>Flips each vector so its largest-|entry| (first such index on ties) is positive: a deterministic sign.</summary>
    internal static void FixSigns(Span<double> vectors, int d, int k)
    {
        for (int j = 0; j < k; j++)
        {
            int best = 0;
            for (int i = 1; i < d; i++)
                if (Math.Abs(vectors[i * k + j]) > Math.Abs(vectors[best * k + j])) best = i;
            if (vectors[best * k + j] < 0)
                for (int i = 0; i < d; i++) vectors[i * k + j] = -vectors[i * k + j];
        }
    }
}

namespace PidGpu.Kernels.Gaussian;

/// <summary>
/// Serial dense linear algebra on small row-major matrices stored at offsets in an <see cref="IScratch"/>.
/// Kernel-safe: no allocation, no exceptions; failures are reported through the return value (NaN).
/// Sizes are the per-variable dimensions after PCA (tens), so O(n³) serial loops are fine.
/// </summary>
internal static class SmallDense
{
    /// <summary>
    /// In-place Cholesky A = L Lᵀ of the n×n matrix at <paramref name="a"/> (lower triangle becomes L; the strict
    /// upper triangle is left untouched). Returns log det A, or NaN when a pivot is not positive or falls below
    /// <paramref name="relTol"/> times its original diagonal entry (1 − R² of that variable on the previous ones):
    /// the matrix is singular or too close to it.
    /// </summary>
    public static double Cholesky<T>(T m, long a, int n, double relTol) where T : struct, IScratch
    {
        double logDet = 0;
        for (int j = 0; j < n; j++)
        {
            double original = m[a + (long)j * n + j];
            double d = original;
            for (int k = 0; k < j; k++) { double l = m[a + (long)j * n + k]; d -= l * l; }
            if (!(original > 0) || !(d > relTol * original)) return double.NaN; // also catches NaN and ∞
            double ljj = Math.Sqrt(d);
            m[a + (long)j * n + j] = ljj;
            logDet += 2 * Math.Log(ljj);
            for (int i = j + 1; i < n; i++)
            {
                double v = m[a + (long)i * n + j];
                for (int k = 0; k < j; k++) v -= m[a + (long)i * n + k] * m[a + (long)j * n + k];
                m[a + (long)i * n + j] = v / ljj;
            }
        }
        return logDet;
    }

    /// <summary>Solves L X = B in place (B: n×k at <paramref name="b"/>), L the lower factor at <paramref name="l"/>.</summary>
    public static void SolveLower<T>(T m, long l, int n, long b, int k) where T : struct, IScratch
    {
        for (int c = 0; c < k; c++)
            for (int i = 0; i < n; i++)
            {
                double v = m[b + (long)i * k + c];
                for (int j = 0; j < i; j++) v -= m[l + (long)i * n + j] * m[b + (long)j * k + c];
                m[b + (long)i * k + c] = v / m[l + (long)i * n + i];
            }
    }

    /// <summary>Solves Lᵀ X = B in place (B: n×k).</summary>
    public static void SolveLowerTransposed<T>(T m, long l, int n, long b, int k) where T : struct, IScratch
    {
        for (int c = 0; c < k; c++)
            for (int i = n - 1; i >= 0; i--)
            {
                double v = m[b + (long)i * k + c];
                for (int j = i + 1; j < n; j++) v -= m[l + (long)j * n + i] * m[b + (long)j * k + c];
                m[b + (long)i * k + c] = v / m[l + (long)i * n + i];
            }
    }

    /// <summary>X ← X L⁻ᵀ in place for X: rows×n (each row x solves L xᵀ = rowᵀ).</summary>
    public static void SolveLowerRows<T>(T m, long l, int n, long x, int rows) where T : struct, IScratch
    {
        for (int r = 0; r < rows; r++)
            for (int i = 0; i < n; i++)
            {
                double v = m[x + (long)r * n + i];
                for (int j = 0; j < i; j++) v -= m[l + (long)i * n + j] * m[x + (long)r * n + j];
                m[x + (long)r * n + i] = v / m[l + (long)i * n + i];
            }
    }

    /// <summary>
    /// C (n×p) ← alpha·op(A)·op(B) + beta·C, op(A) n×k, op(B) k×p; A is stored k×n when <paramref name="ta"/>,
    /// B is stored p×k when <paramref name="tb"/>. beta = 0 ignores C's old contents. C must not alias A or B.
    /// </summary>
    public static void Gemm<T>(T m, long c, long a, long b, int n, int k, int p, bool ta, bool tb, double alpha, double beta)
        where T : struct, IScratch
    {
        for (int i = 0; i < n; i++)
            for (int j = 0; j < p; j++)
            {
                double s = 0;
                for (int q = 0; q < k; q++)
                {
                    double av = ta ? m[a + (long)q * n + i] : m[a + (long)i * k + q];
                    double bv = tb ? m[b + (long)j * k + q] : m[b + (long)q * p + j];
                    s += av * bv;
                }
                long ci = c + (long)i * p + j;
                m[ci] = beta == 0 ? alpha * s : alpha * s + beta * m[ci];
            }
    }

    public static void Copy<T>(T m, long dst, long src, long length) where T : struct, IScratch
    {
        for (long i = 0; i < length; i++) m[dst + i] = m[src + i];
    }

    /// <summary>dst (cols×rows) ← srcᵀ, src rows×cols.</summary>
    public static void CopyTransposed<T>(T m, long dst, long src, int rows, int cols) where T : struct, IScratch
    {
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) m[dst + (long)j * rows + i] = m[src + (long)i * cols + j];
    }

    public static void Fill<T>(T m, long dst, long length, double value) where T : struct, IScratch
    {
        for (long i = 0; i < length; i++) m[dst + i] = value;
    }

    public static void AddIdentity<T>(T m, long a, int n, double value) where T : struct, IScratch
    {
        for (int i = 0; i < n; i++) m[a + (long)i * n + i] += value;
    }

    /// <summary>Frobenius inner product ⟨A, B⟩ of two blocks of the same length.</summary>
    public static double Dot<T>(T m, long a, long b, long length) where T : struct, IScratch
    {
        double s = 0;
        for (long i = 0; i < length; i++) s += m[a + i] * m[b + i];
        return s;
    }

    /// <summary>dst ← x + t·y (all of the same length; dst may alias x).</summary>
    public static void Axpy<T>(T m, long dst, long x, double t, long y, long length) where T : struct, IScratch
    {
        for (long i = 0; i < length; i++) m[dst + i] = m[x + i] + t * m[y + i];
    }

    /// <summary>
    /// One-sided (Hestenes) Jacobi: right-rotates the columns of A (rows×cols) until they are mutually orthogonal,
    /// so A ends as U·diag(s) with s the singular values (the column norms). With <paramref name="withV"/> the
    /// rotations are accumulated into V (cols×cols, initialised here), so that A_original = A_final·Vᵀ.
    /// Returns the sweeps used. Chosen over two-sided methods for its simplicity and high relative accuracy.
    /// </summary>
    public static int OrthogonalizeColumns<T>(T m, long a, int rows, int cols, long v, bool withV, int maxSweeps)
        where T : struct, IScratch
    {
        const double tol = 1e-15;
        if (withV)
        {
            Fill(m, v, (long)cols * cols, 0);
            AddIdentity(m, v, cols, 1);
        }
        for (int sweep = 1; sweep <= maxSweeps; sweep++)
        {
            bool rotated = false;
            for (int p = 0; p < cols - 1; p++)
                for (int q = p + 1; q < cols; q++)
                {
                    double alpha = 0, beta = 0, gamma = 0;
                    for (int i = 0; i < rows; i++)
                    {
                        double ap = m[a + (long)i * cols + p], aq = m[a + (long)i * cols + q];
                        alpha += ap * ap; beta += aq * aq; gamma += ap * aq;
                    }
                    if (gamma == 0 || Math.Abs(gamma) <= tol * Math.Sqrt(alpha * beta)) continue;
                    rotated = true;
                    double zeta = (beta - alpha) / (2 * gamma);
                    double t = (zeta >= 0 ? 1.0 : -1.0) / (Math.Abs(zeta) + Math.Sqrt(1 + zeta * zeta));
                    double c = 1 / Math.Sqrt(1 + t * t), s = c * t;
                    Rotate(m, a, rows, cols, p, q, c, s);
                    if (withV) Rotate(m, v, cols, cols, p, q, c, s);
                }
            if (!rotated) return sweep;
        }
        return maxSweeps;
    }

    static void Rotate<T>(T m, long a, int rows, int cols, int p, int q, double c, double s) where T : struct, IScratch
    {
        for (int i = 0; i < rows; i++)
        {
            long ip = a + (long)i * cols + p, iq = a + (long)i * cols + q;
            double x = m[ip], y = m[iq];
            m[ip] = c * x - s * y;
            m[iq] = s * x + c * y;
        }
    }

    /// <summary>Euclidean norm of column j of A (rows×cols).</summary>
    public static double ColumnNorm<T>(T m, long a, int rows, int cols, int j) where T : struct, IScratch
    {
        double s = 0;
        for (int i = 0; i < rows; i++) { double x = m[a + (long)i * cols + j]; s += x * x; }
        return Math.Sqrt(s);
    }
}

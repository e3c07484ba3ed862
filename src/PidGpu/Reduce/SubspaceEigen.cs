using ILGPU;
using ILGPU.Runtime;
using System.Numerics;
using PidGpu.Device;
using PidGpu.Reduce.Cpu;

namespace PidGpu.Reduce;

/// <summary>
/// Top-k eigenpairs of a large symmetric positive semi-definite matrix by block subspace (orthogonal) iteration
/// with Rayleigh–Ritz (Golub &amp; Van Loan, §8.2.4; Saad, "Numerical Methods for Large Eigenvalue Problems", ch. 5):
/// the d×d by d×m product runs on the device, the d×m orthonormalisation and the m×m Ritz problem (Jacobi) on
/// the host, m = k + oversampling. Converged when max_j ‖A·v_j − λ_j·v_j‖ ≤ tolerance · λ₁ for the top k Ritz
/// pairs. The rate is (λ_{m+1}/λ_k) per iteration, so oversampling matters for flat spectra.
/// </summary>
internal static class SubspaceEigen
{
    /// <summary>The top <paramref name="k"/> eigenpairs of the row-major symmetric PSD d×d matrix <paramref name="a"/>.</summary>
    /// <param name="oversampling">Extra block columns p (m = k + p, capped at d); more speeds convergence.</param>
    /// <param name="tolerance">Stop when the largest residual ≤ tolerance × the largest eigenvalue.</param>
    /// <param name="seed">Seed of the random start block (results are deterministic for a given seed).</param>
    /// <param name="start">Optional start block, row-major d×s with s ≤ m (e.g. the vectors of a smaller k); the rest is random.</param>
    /// <exception cref="PidInputException">Shapes do not match, k is out of [1, d], or a value is not finite.</exception>
    public static SymmetricEigen Top(PidDevice device, double[] a, int d, int k,
        int oversampling = 8, double tolerance = 1e-10, int maxIterations = 2000, int seed = 1, double[]? start = null)
    {
        SymmetricEigen.Check(a, d, k);
        int m = Math.Min(d, k + Math.Max(0, oversampling));

        var acc = device.Accelerator;
        var stream = acc.DefaultStream;
        var kernels = KernelSet.For(acc).Pca;
        using var aBuffer = acc.Allocate1D(a);
        using var qBuffer = acc.Allocate1D<double>((long)d * m);
        using var zBuffer = acc.Allocate1D<double>((long)d * m);
        return Iterate((q, z) =>
        {
            qBuffer.View.CopyFromCPU(stream, q);
            kernels.LaunchMultiply(stream, d, m, aBuffer.View, qBuffer.View, zBuffer.View);
            zBuffer.View.CopyToCPU(stream, z);
            stream.Synchronize();
        }, d, k, m, tolerance, maxIterations, seed, "subspace", start);
    }

    /// <summary>
    /// The block iteration for an operator given only by its action: <paramref name="multiply"/>(q, z) writes z = A·q
    /// for row-major d×m blocks (m = block columns, k ≤ m ≤ d). Used for the dense device matrix above and for the
    /// matrix-free correlation operator of <see cref="PcaFit"/> (Solver = <paramref name="solver"/>). A <paramref name="start"/>
    /// block (row-major d×s, s ≤ m) replaces the first s random start columns: a warm start from a smaller k.
    /// </summary>
    internal static SymmetricEigen Iterate(Action<double[], double[]> multiply, int d, int k, int m,
        double tolerance, int maxIterations, int seed, string solver, double[]? start = null)
    {
        var rng = new Random(seed);
        var q = new double[d * m];
        for (int i = 0; i < q.Length; i++) q[i] = rng.NextDouble() - 0.5;
        int s = start is null ? 0 : Math.Min(m, start.Length / d);
        for (int i = 0; i < d; i++)
            for (int j = 0; j < s; j++) q[i * m + j] = start![i * s + j];
        Orthonormalize(q, d, m);

        var z = new double[d * m];
        var values = new double[m];
        var vectors = new double[d * m];
        var images = new double[d * m];
        double residual = double.PositiveInfinity;
        int iteration = 0;
        bool converged = false;
        while (iteration < maxIterations)
        {
            iteration++;
            multiply(q, z);
            RayleighRitz(q, z, d, m, values, vectors, images);
            residual = Residual(vectors, images, values, d, m, k);
            if (residual <= tolerance * Math.Max(Math.Abs(values[0]), double.Epsilon)) { converged = true; break; }
            // Next block: span(A·Q), orthonormalised (images = A·V spans the same space, Ritz-ordered).
            Array.Copy(images, q, q.Length);
            Orthonormalize(q, d, m);
        }

        var topValues = values[..k];
        var topVectors = new double[d * k];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < k; j++) topVectors[i * k + j] = vectors[i * m + j];
        SymmetricEigen.FixSigns(topVectors, d, k);
        return new SymmetricEigen(topValues, topVectors, residual, iteration, converged, solver);
    }

    /// <summary>
    /// With Z = A·Q: H = Qᵀ·Z (m×m) = W·Θ·Wᵀ; Ritz values Θ descending, vectors V = Q·W and their images A·V = Z·W.
    /// The three d×m products run as blocked host GEMMs (<see cref="HostGemm"/>).
    /// </summary>
    static void RayleighRitz(double[] q, double[] z, int d, int m, double[] values, double[] vectors, double[] images)
    {
        var h = new double[m * m];
        HostGemm.AddTransposed(q, m, new PackedPanels(z, d, m), h);
        // H is symmetric up to rounding: use its upper triangle.
        for (int r = 0; r < m; r++)
            for (int c = 0; c < r; c++) h[r * m + c] = h[c * m + r];
        var (theta, w, _, _) = JacobiEigen.Full(h, m);
        var order = Enumerable.Range(0, m).OrderByDescending(j => theta[j]).ThenBy(j => j).ToArray();
        var ordered = new double[m * m]; // row-major: column j is the Ritz vector of the j-th largest value
        for (int j = 0; j < m; j++)
        {
            values[j] = theta[order[j]];
            for (int c = 0; c < m; c++) ordered[c * m + j] = w[order[j] * m + c];
        }
        var packed = new PackedPanels(ordered, m, m);
        HostGemm.Multiply(q, d, packed, vectors);
        HostGemm.Multiply(z, d, packed, images);
    }

    /// <summary>max over the top k Ritz pairs of ‖A·v − θ·v‖₂.</summary>
    static double Residual(double[] vectors, double[] images, double[] values, int d, int m, int k)
    {
        double worst = 0;
        for (int j = 0; j < k; j++)
        {
            double sq = 0;
            for (int i = 0; i < d; i++)
            {
                double r = images[i * m + j] - values[j] * vectors[i * m + j];
                sq += r * r;
            }
            worst = Math.Max(worst, Math.Sqrt(sq));
        }
        return worst;
    }

    /// <summary>Modified Gram–Schmidt, twice ("twice is enough"), on the m ≤ d columns of row-major d×m q; a column
    /// that (nearly) vanishes — A has rank below m — is replaced by the first unit vector e_t independent of the others.
    /// Works on a column-major copy so that every dot product and update is a contiguous SIMD loop.</summary>
    static void Orthonormalize(double[] q, int d, int m)
    {
        var t = new double[m * d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < m; j++) t[j * d + i] = q[i * m + j];
        int nextUnit = 0;
        for (int j = 0; j < m; j++)
        {
            var column = t.AsSpan(j * d, d);
            double before = Math.Sqrt(Dot(column, column));
            for (int pass = 0; pass < 2; pass++)
                for (int c = 0; c < j; c++)
                {
                    var other = t.AsSpan(c * d, d);
                    SubtractScaled(column, Dot(other, column), other);
                }
            double norm = Math.Sqrt(Dot(column, column));
            if (!(norm > 1e-13 * before) || norm < 1e-300)
            {
                if (nextUnit >= d) throw new InvalidOperationException("no independent start vector left (m > d).");
                column.Clear();
                column[nextUnit++] = 1;
                j--; // orthogonalise the replacement; at most d replacements in all
                continue;
            }
            for (int i = 0; i < d; i++) column[i] /= norm;
        }
        for (int i = 0; i < d; i++)
            for (int j = 0; j < m; j++) q[i * m + j] = t[j * d + i];
    }

    static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = Vector<double>.Zero;
        int i = 0;
        for (; i + Vector<double>.Count <= a.Length; i += Vector<double>.Count)
            sum += new Vector<double>(a[i..]) * new Vector<double>(b[i..]);
        double total = Vector.Sum(sum);
        for (; i < a.Length; i++) total += a[i] * b[i];
        return total;
    }

    /// <summary>y −= s·x.</summary>
    static void SubtractScaled(Span<double> y, double s, ReadOnlySpan<double> x)
    {
        var scale = new Vector<double>(s);
        int i = 0;
        for (; i + Vector<double>.Count <= y.Length; i += Vector<double>.Count)
            (new Vector<double>(y[i..]) - scale * new Vector<double>(x[i..])).CopyTo(y[i..]);
        for (; i < y.Length; i++) y[i] -= s * x[i];
    }
}

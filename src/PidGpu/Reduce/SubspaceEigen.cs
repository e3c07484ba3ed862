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
/// pairs. The rate is (λ_{m+1}/λ_k) per iteration, so oversampling matters for flat spectra; the matrix-free path
/// speeds it up with a Chebyshev filter between Rayleigh–Ritz steps (<see cref="Iterate"/>).
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
        var stream = device.Stream;
        var kernels = KernelSet.For(acc).Pca;
        using var aBuffer = device.Allocate<double>(a);
        using var qBuffer = acc.Allocate1D<double>((long)d * m);
        using var zBuffer = acc.Allocate1D<double>((long)d * m);
        return Iterate((q, z) =>
        {
            device.Upload(qBuffer.View, q, stream);
            kernels.LaunchMultiply(stream, d, m, aBuffer.View, qBuffer.View, zBuffer.View);
            device.Download(zBuffer.View, z, stream);
        }, d, k, m, tolerance, maxIterations, seed, "subspace", start);
    }

    /// <summary>
    /// The block iteration for an operator given only by its action: <paramref name="multiply"/>(q, z) writes z = A·q
    /// for row-major d×m blocks (m = block columns, k ≤ m ≤ d). Used for the dense device matrix above and for the
    /// matrix-free correlation operator of <see cref="PcaFit"/> (Solver = <paramref name="solver"/>). A <paramref name="start"/>
    /// block (row-major d×s, s ≤ m) replaces the first s random start columns: a warm start from a smaller k.
    /// </summary>
    /// <param name="filterDegree">Most products per iteration: 1 = plain subspace iteration; t &gt; 1 replaces A by the
    /// Chebyshev polynomial T_t of A mapped from [0, θ_m] onto [−1, 1] (θ_m the smallest Ritz value, ≤ λ_m by interlacing),
    /// which damps the unwanted part of the spectrum much faster per product (Zhou &amp; Saad 2007, Chebyshev-filtered
    /// subspace iteration), t predicted from the Ritz values to just reach the tolerance (<see cref="FilterDegree"/>).
    /// Only the speed depends on it: every iteration still ends in Rayleigh–Ritz and the residual test.
    /// Iterations count products (for the matrix-free operator, passes over the data).</param>
    internal static SymmetricEigen Iterate(Action<double[], double[]> multiply, int d, int k, int m,
        double tolerance, int maxIterations, int seed, string solver, double[]? start = null, int filterDegree = 1)
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
            // Next block: span(A·Q), orthonormalised (images = A·V spans the same space, Ritz-ordered), or T_t(A)·V.
            // The filter overwrites the Ritz vectors: leave at least one product for the Rayleigh–Ritz step after it.
            // After the first product the Ritz values of the start block are too rough to predict from: a fixed small degree.
            int degree = iteration == 1 ? Math.Min(filterDegree, FirstFilterDegree) : FilterDegree(values, k, m, residual, tolerance, filterDegree);
            degree = Math.Min(degree, maxIterations - iteration);
            if (degree > 1 && values[m - 1] > 1e-8 * values[0]) iteration += ChebyshevFilter(multiply, vectors, images, values[m - 1], degree, q, z);
            else Array.Copy(images, q, q.Length);
            Orthonormalize(q, d, m);
        }

        var topValues = values[..k];
        var topVectors = new double[d * k];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < k; j++) topVectors[i * k + j] = vectors[i * m + j];
        SymmetricEigen.FixSigns(topVectors, d, k);
        return new SymmetricEigen(topValues, topVectors, residual, iteration, converged, solver);
    }

    /// <summary>Degree of the first filter, applied to the image of the start block.</summary>
    const int FirstFilterDegree = 3;

    /// <summary>
    /// The degree t ≤ <paramref name="most"/> of a later filter: the unwanted components of the k-th Ritz vector shrink
    /// by about 1/T_t(x) ≈ 2·ρ^t, x = 2θ_k/θ_m − 1 and ρ = 1/(x + √(x² − 1)), so t = ⌈ln(2·residual/(tolerance·θ₁)) / ln(1/ρ)⌉,
    /// at least 2. Too small a guess costs another Rayleigh–Ritz round, too large a few passes; never the answer.
    /// </summary>
    static int FilterDegree(double[] values, int k, int m, double residual, double tolerance, int most)
    {
        if (most <= 1) return most;
        double x = 2 * values[k - 1] / values[m - 1] - 1;
        double needed = Math.Log(2 * residual / (tolerance * values[0])) / Math.Log(x + Math.Sqrt(x * x - 1));
        // No gap to predict from (k = m, or θ_k = θ_m): the first round's small degree.
        return double.IsFinite(needed) && needed > 0 ? Math.Clamp((int)Math.Ceiling(needed), 2, most) : Math.Min(most, FirstFilterDegree);
    }

    /// <summary>
    /// q = T_t((A − c)/c)·V for the interval [0, 2c] = [0, <paramref name="cut"/>] by the three-term recurrence
    /// Y_{j+1} = 2·(A − c)·Y_j / c − Y_{j−1}, starting from Y_0 = V and A·V = <paramref name="images"/> (the Rayleigh–Ritz
    /// product, so degree t costs t − 1 more products). Eigenvalues in [0, cut] stay within ±1, those above grow like
    /// (x + √(x² − 1))^t, x = 2λ/cut − 1. Overwrites <paramref name="vectors"/> and <paramref name="images"/>; returns the
    /// products made.
    /// </summary>
    static int ChebyshevFilter(Action<double[], double[]> multiply, double[] vectors, double[] images, double cut, int degree,
        double[] q, double[] scratch)
    {
        double c = cut / 2;
        double[] previous = vectors, current = q, product = images;
        for (int i = 0; i < q.Length; i++) current[i] = (product[i] - c * previous[i]) / c;
        for (int j = 1; j < degree; j++)
        {
            multiply(current, scratch);
            // previous becomes Y_{j+1} in place: Y_{j+1} = 2·(A·Y_j − c·Y_j)/c − Y_{j−1}.
            for (int i = 0; i < q.Length; i++) previous[i] = 2 * (scratch[i] - c * current[i]) / c - previous[i];
            (previous, current) = (current, previous);
        }
        if (!ReferenceEquals(current, q)) Array.Copy(current, q, q.Length);
        return degree - 1;
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

using ILGPU;
using ILGPU.Runtime;
using PidGpu.Device;

namespace PidGpu.Reduce;

/// <summary>
/// The top-k eigenpairs of a symmetric PSD d×d matrix that stays on the device: the block subspace iteration with
/// Rayleigh–Ritz of <see cref="SubspaceEigen"/>, with every d×m product on the device and only m×m matrices crossing
/// (m = k + oversampling). Per iteration the host reads H = Qᵀ·A·Q and the k residual norms and solves the m×m Ritz
/// problem (Jacobi); the next block is orthonormalised by Cholesky QR twice (Yamamoto et al. 2015), which needs one m×m
/// Gram matrix down and one m×m triangle up per pass. So an iteration moves at most
/// <see cref="BytesPerIteration"/> bytes each way, whatever N and d.
/// </summary>
internal static class ResidentSubspace
{
    /// <summary>Most bytes moved in each direction per iteration for block width <paramref name="m"/>: four m×m matrices
    /// (down: H and up to three Gram matrices; up: the Ritz vectors and up to three inverse Cholesky factors), and up to
    /// 2m more numbers (down: the residual norms; up: the Ritz values and the null-column flags).</summary>
    public static long BytesPerIteration(int m) => 8L * (4L * m * m + 2L * m);

    /// <summary>Most bytes moved in each direction before the first iteration: the start block's orthonormalisation (up to
    /// three m×m passes).</summary>
    public static long StartBytes(int m) => 8L * 3L * m * m;

    /// <summary>Eigenvalues below this share of the largest are rounding noise: their Ritz vectors replace their images in
    /// the next block, so a matrix of rank below m keeps a full-rank block.</summary>
    const double NullRatio = 1e-13;

    /// <summary>
    /// Writes the Ritz vectors (d×m, row-major, columns in descending eigenvalue order, signs unfixed) into
    /// <paramref name="vectors"/> and returns the top k eigenvalues with the solver's record (no vectors on the host).
    /// </summary>
    public static (double[] Values, double Residual, int Iterations, bool Converged) Top(PidDevice device, ArrayView<double> a, int d, int k, int m,
        ArrayView<double> vectors, double tolerance, int maxIterations, int seed)
    {
        var acc = device.Accelerator;
        var stream = device.Stream;
        var kernels = KernelSet.For(acc).ResidentPca;
        long block = (long)d * m;
        using var q = acc.Allocate1D<double>(block);
        using var z = acc.Allocate1D<double>(block);
        using var y = acc.Allocate1D<double>(block);
        using var small = acc.Allocate1D<double>((long)m * m);
        using var values = acc.Allocate1D<double>(m);
        using var norms = acc.Allocate1D<double>(k);
        using var flags = acc.Allocate1D<int>(m);

        kernels.LaunchRandom(stream, (ulong)seed, y.View);
        Orthonormalize(device, y.View, q.View, z.View, small.View, d, m);

        var theta = new double[m];
        double residual = double.PositiveInfinity;
        int iteration = 0;
        bool converged = false;
        while (iteration < maxIterations)
        {
            iteration++;
            KernelSet.For(acc).Pca.LaunchMultiply(stream, d, m, a, q.View, z.View);
            kernels.LaunchGram(stream, d, m, q.View, z.View, small.View);
            var w = RitzVectors(device.Download<double>(small.View), m, theta);
            device.Upload(small.View, w);
            device.Upload(values.View, theta);
            kernels.LaunchCombine(stream, d, m, m, q.View, small.View, vectors);
            kernels.LaunchCombine(stream, d, m, m, z.View, small.View, y.View);
            kernels.LaunchResidualNorms(stream, d, m, k, y.View, vectors, values.View, norms.View);
            residual = device.Download<double>(norms.View).Max();
            if (residual <= tolerance * Math.Max(Math.Abs(theta[0]), double.Epsilon)) { converged = true; break; }
            var nullColumns = theta.Select(t => t <= NullRatio * theta[0] ? 1 : 0).ToArray();
            if (nullColumns.Any(f => f != 0))
            {
                device.Upload(flags.View, nullColumns);
                kernels.LaunchBlend(stream, d, m, y.View, vectors, flags.View);
            }
            Orthonormalize(device, y.View, q.View, z.View, small.View, d, m);
        }
        return (theta[..k], residual, iteration, converged);
    }

    /// <summary>Ritz values (descending, into <paramref name="theta"/>) and vectors (row-major m×m, column j the j-th) of H.</summary>
    static double[] RitzVectors(double[] h, int m, double[] theta)
    {
        for (int r = 0; r < m; r++)
            for (int c = 0; c < r; c++) h[r * m + c] = h[c * m + r];
        var (values, w, _, _) = JacobiEigen.Full(h, m);
        var order = Enumerable.Range(0, m).OrderByDescending(j => values[j]).ThenBy(j => j).ToArray();
        var ordered = new double[m * m];
        for (int j = 0; j < m; j++)
        {
            theta[j] = values[order[j]];
            for (int c = 0; c < m; c++) ordered[c * m + j] = w[order[j] * m + c];
        }
        return ordered;
    }

    /// <summary>
    /// q ← an orthonormal basis of y's columns by Cholesky QR, twice; if the Gram matrix is not numerically positive
    /// definite, a first shifted pass (Fukaya et al. 2020) makes it so. y and scratch are overwritten.
    /// </summary>
    static void Orthonormalize(PidDevice device, ArrayView<double> y, ArrayView<double> q, ArrayView<double> scratch, ArrayView<double> small, int d, int m)
    {
        var stream = device.Stream;
        var kernels = KernelSet.For(device.Accelerator).ResidentPca;
        var source = y;
        bool inQ = false; // where the latest pass wrote: q or scratch, alternately
        int passes = 0;
        for (int pass = 0; pass < 3 && passes < 2; pass++)
        {
            kernels.LaunchGram(stream, d, m, source, source, small);
            var inverse = InverseCholeskyFactor(device.Download<double>(small), m, d, out bool shifted);
            device.Upload(small, inverse);
            var target = inQ ? scratch : q;
            kernels.LaunchCombine(stream, d, m, m, source, small, target);
            if (!shifted) passes++;
            source = target;
            inQ = !inQ;
        }
        if (!inQ) q.CopyFrom(stream, source);
    }

    /// <summary>R⁻¹ (row-major m×m, upper) for the Cholesky factor G = RᵀR; if G is not numerically positive definite, of
    /// G + s·I with the shift s = 11(d·m + m(m+1))·u·‖G‖ instead (<paramref name="shifted"/> is then true).</summary>
    static double[] InverseCholeskyFactor(double[] g, int m, int d, out bool shifted)
    {
        shifted = false;
        var l = Cholesky(g, m, 0);
        if (l is null)
        {
            double norm = 0;
            for (int i = 0; i < m; i++) norm = Math.Max(norm, g[i * m + i]);
            const double unitRoundoff = 1.1102230246251565e-16;
            double shift = 11.0 * ((double)d * m + m * (m + 1.0)) * unitRoundoff * Math.Max(norm, double.Epsilon);
            l = Cholesky(g, m, shift) ?? throw new InvalidOperationException("the subspace block stayed singular after a shifted Cholesky QR.");
            shifted = true;
        }
        // R = Lᵀ, so R⁻¹ = (L⁻¹)ᵀ: invert the lower triangle by forward substitution.
        var inverse = new double[m * m];
        for (int col = 0; col < m; col++)
            for (int i = col; i < m; i++)
            {
                double sum = i == col ? 1 : 0;
                for (int c = col; c < i; c++) sum -= l[i * m + c] * inverse[col * m + c];
                inverse[col * m + i] = sum / l[i * m + i];
            }
        return inverse;
    }

    /// <summary>Lower Cholesky factor of G + shift·I (row-major), or null when a pivot is not positive.</summary>
    static double[]? Cholesky(double[] g, int m, double shift)
    {
        var l = new double[m * m];
        for (int i = 0; i < m; i++)
            for (int j = 0; j <= i; j++)
            {
                double sum = 0.5 * (g[i * m + j] + g[j * m + i]) + (i == j ? shift : 0);
                for (int c = 0; c < j; c++) sum -= l[i * m + c] * l[j * m + c];
                if (i == j)
                {
                    if (!(sum > 0)) return null;
                    l[i * m + i] = Math.Sqrt(sum);
                }
                else l[i * m + j] = sum / l[j * m + j];
            }
        return l;
    }
}

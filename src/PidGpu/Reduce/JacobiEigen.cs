namespace PidGpu.Reduce;

/// <summary>
/// Cyclic Jacobi eigensolver for a symmetric matrix, in double on the host (Golub &amp; Van Loan, §8.5). Each
/// rotation zeroes one off-diagonal entry; sweeps repeat until every off-diagonal entry is negligible next to
/// its diagonal pair. O(d³) per sweep, so meant for d up to a few hundred (and the small Rayleigh–Ritz problems
/// of <see cref="SubspaceEigen"/>).
/// </summary>
internal static class JacobiEigen
{
    const int MaxSweeps = 100;

    /// <summary>The top <paramref name="k"/> eigenpairs of the row-major symmetric d×d matrix <paramref name="a"/>.</summary>
    /// <exception cref="PidInputException">Shapes do not match, k is out of [1, d], or a value is not finite.</exception>
    public static SymmetricEigen Top(ReadOnlySpan<double> a, int d, int k)
    {
        SymmetricEigen.Check(a, d, k);
        var (values, vectors, sweeps, converged) = Full(a, d);
        var order = Enumerable.Range(0, d).OrderByDescending(i => values[i]).ThenBy(i => i).Take(k).ToArray();
        var topValues = new double[k];
        var topVectors = new double[d * k];
        for (int j = 0; j < k; j++)
        {
            topValues[j] = values[order[j]];
            for (int i = 0; i < d; i++) topVectors[i * k + j] = vectors[order[j] * d + i];
        }
        SymmetricEigen.FixSigns(topVectors, d, k);
        return new SymmetricEigen(topValues, topVectors, SymmetricEigen.MaxResidual(a, d, topValues, topVectors), sweeps, converged, "jacobi");
    }

    /// <summary>All eigenvalues (unsorted) and vectors as rows: <c>Vectors[j * d + i]</c> is entry i of the vector of value j.</summary>
    internal static (double[] Values, double[] Vectors, int Sweeps, bool Converged) Full(ReadOnlySpan<double> input, int d)
    {
        var a = input.ToArray();
        // Work on the symmetric part: the device covariance may differ from symmetry in the last bit.
        for (int i = 0; i < d; i++)
            for (int j = i + 1; j < d; j++)
                a[i * d + j] = a[j * d + i] = 0.5 * (a[i * d + j] + a[j * d + i]);
        var vt = new double[d * d];
        for (int i = 0; i < d; i++) vt[i * d + i] = 1;
        double frobenius = Math.Sqrt(a.Sum(x => x * x));
        double floor = 1e-300 + 1e-18 * frobenius;
        int sweep = 0;
        bool converged = false;
        while (sweep < MaxSweeps)
        {
            sweep++;
            bool rotated = false;
            for (int p = 0; p < d - 1; p++)
                for (int q = p + 1; q < d; q++)
                {
                    double apq = a[p * d + q], app = a[p * d + p], aqq = a[q * d + q];
                    // Negligible relative to the diagonal pair (keeps small eigenvalues accurate) or to the matrix.
                    if (Math.Abs(apq) <= floor || Math.Abs(apq) <= 2.2e-16 * Math.Sqrt(Math.Abs(app * aqq))) continue;
                    rotated = true;
                    double theta = (aqq - app) / (2 * apq);
                    double t = Math.Sign(theta) is 0 ? 1 : Math.Sign(theta);
                    t /= Math.Abs(theta) + Math.Sqrt(theta * theta + 1);
                    double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                    Rotate(a, vt, d, p, q, c, s, t);
                }
            if (!rotated) { converged = true; break; }
        }
        var values = new double[d];
        for (int i = 0; i < d; i++) values[i] = a[i * d + i];
        return (values, vt, sweep, converged);
    }

    /// <summary>
    /// A ← Jᵀ·A·J and Vᵀ ← Jᵀ·Vᵀ for the rotation J in plane (p, q) with J_pp = J_qq = c, J_pq = s, J_qp = −s, chosen
    /// so the new a_pq is 0 (t = s/c). Rows p and q are updated in place (contiguous); columns mirror them.
    /// </summary>
    static void Rotate(double[] a, double[] vt, int d, int p, int q, double c, double s, double t)
    {
        double apq = a[p * d + q], app = a[p * d + p], aqq = a[q * d + q];
        var rowP = a.AsSpan(p * d, d);
        var rowQ = a.AsSpan(q * d, d);
        // Only rows and columns p, q change: rotate the rows, set the 2×2 block in closed form, mirror into the columns.
        for (int i = 0; i < d; i++)
        {
            double api = rowP[i], aqi = rowQ[i];
            rowP[i] = c * api - s * aqi;
            rowQ[i] = s * api + c * aqi;
        }
        rowP[p] = app - t * apq;
        rowQ[q] = aqq + t * apq;
        rowP[q] = rowQ[p] = 0;
        for (int i = 0; i < d; i++)
        {
            a[i * d + p] = rowP[i];
            a[i * d + q] = rowQ[i];
        }
        var vp = vt.AsSpan(p * d, d);
        var vq = vt.AsSpan(q * d, d);
        for (int i = 0; i < d; i++)
        {
            double x = vp[i], y = vq[i];
            vp[i] = c * x - s * y;
            vq[i] = s * x + c * y;
        }
    }
}

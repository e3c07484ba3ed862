using PidGpu.Kernels.Gaussian;

namespace PidGpu.Estimate;

/// <summary>Validation, ridge and singular-block diagnosis shared by the host and device Gaussian paths.</summary>
internal static class GaussianInput
{
    public static void CheckDims(int d1, int d2, int dy)
    {
        if (d1 < 1 || d2 < 1 || dy < 1)
            throw new PidInputException($"Gaussian PID needs at least one dimension per variable (got d1={d1}, d2={d2}, dy={dy}).");
    }

    public static void CheckOptions(GaussianOptions o)
    {
        if (!(o.Ridge >= 0) || double.IsInfinity(o.Ridge))
            throw new PidInputException($"the ridge must be a finite number ≥ 0 (got {o.Ridge}).");
        if (!(o.TargetGapBits > 0))
            throw new PidInputException($"the ~G-PID target gap must be positive (got {o.TargetGapBits}).");
        if (o.MaxIterations < 1)
            throw new PidInputException($"the ~G-PID iteration limit must be at least 1 (got {o.MaxIterations}).");
    }

    /// <summary>Checks shape, finiteness and symmetry; <paramref name="label"/> prefixes messages (e.g. "covariance 3").</summary>
    public static void CheckCovariance(double[,] cov, int d1, int d2, int dy, string label = "covariance")
    {
        CheckDims(d1, d2, dy);
        int n = d1 + d2 + dy;
        if (cov.GetLength(0) != n || cov.GetLength(1) != n)
            throw new PidInputException($"{label} is {cov.GetLength(0)}×{cov.GetLength(1)}, but d1+d2+dy = {d1}+{d2}+{dy} = {n}.");
        double scale = 0;
        for (int i = 0; i < n; i++) scale = Math.Max(scale, Math.Abs(cov[i, i]));
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double v = cov[i, j];
                if (!double.IsFinite(v)) throw new PidInputException($"{label}[{i},{j}] is {v}; a covariance must be finite.") { Row = i, Column = j, Value = v };
                if (j > i && Math.Abs(v - cov[j, i]) > 1e-9 * Math.Max(scale, double.Epsilon))
                    throw new PidInputException($"{label} is not symmetric: [{i},{j}] = {v} but [{j},{i}] = {cov[j, i]}.") { Row = i, Column = j };
            }
    }

    /// <summary>A copy with ε × (mean diagonal of the block) added to each block's diagonal, as the device core does.</summary>
    public static double[,] WithRidge(double[,] cov, int d1, int d2, int dy, double ridge)
    {
        var c = (double[,])cov.Clone();
        if (ridge == 0) return c;
        foreach (var (start, count) in new[] { (0, d1), (d1, d2), (d1 + d2, dy) })
        {
            double mean = 0;
            for (int i = start; i < start + count; i++) mean += cov[i, i];
            mean /= count;
            for (int i = start; i < start + count; i++) c[i, i] += ridge * mean;
        }
        return c;
    }

    public static double[] Flatten(double[,] cov)
    {
        int n = cov.GetLength(0);
        var flat = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) flat[i * n + j] = cov[i, j];
        return flat;
    }

    public static double[,] Unflatten(double[] flat, int n, long offset = 0)
    {
        var cov = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) cov[i, j] = flat[offset + (long)i * n + j];
        return cov;
    }

    /// <summary>
    /// Names the first singular block of the (ridged) covariance — X1, X2, Y, then the pairs and the whole —
    /// for a problem the core rejected with <paramref name="status"/>.
    /// </summary>
    public static PidInputException Diagnose(double[,] ridged, int d1, int d2, int dy, GaussianStatus status, string label = "covariance")
    {
        int[] x1 = Enumerable.Range(0, d1).ToArray(), x2 = Enumerable.Range(d1, d2).ToArray(), y = Enumerable.Range(d1 + d2, dy).ToArray();
        (string Name, int[] Index)[] blocks =
        [
            ("X1", x1), ("X2", x2), ("Y", y), ("(X1,Y)", [.. x1, .. y]), ("(X2,Y)", [.. x2, .. y]),
            ("(X1,X2)", [.. x1, .. x2]), ("(X1,X2,Y)", [.. x1, .. x2, .. y]),
        ];
        foreach (var (name, index) in blocks)
            if (double.IsNaN(GaussianInformation.TryLogDet(ridged, index)))
                return Prefixed(label, GaussianInformation.Singular(name, index.Length));
        // The blocks pass the host check but the core's conditional factorisation failed: name what it saw.
        var (what, dims) = status switch
        {
            GaussianStatus.TargetSingular => ("Y", dy),
            GaussianStatus.Source1Singular => ("(X1,Y)", d1 + dy),
            GaussianStatus.Source2Singular => ("(X2,Y)", d2 + dy),
            _ => ("(X1,X2,Y)", d1 + d2 + dy),
        };
        return Prefixed(label, GaussianInformation.Singular(what, dims));
    }

    static PidInputException Prefixed(string label, PidInputException e) => e.WithPrefix(label);
}

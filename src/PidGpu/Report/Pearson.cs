namespace PidGpu.Report;

/// <summary>Pearson correlation of two equally long series, undefined (not NaN) when it does not exist.</summary>
internal static class Pearson
{
    /// <summary>r = Σ(x−x̄)(y−ȳ) / √(Σ(x−x̄)² Σ(y−ȳ)²); undefined for fewer than 3 points or a (numerically) constant series.</summary>
    public static ReadOff Of(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count) throw new ArgumentException("series differ in length");
        int n = x.Count;
        if (n < 3) return ReadOff.None($"{n} common layers (need at least 3)");
        double mx = x.Average(), my = y.Average();
        double sxy = 0, sxx = 0, syy = 0, qx = 0, qy = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = x[i] - mx, dy = y[i] - my;
            sxy += dx * dy; sxx += dx * dx; syy += dy * dy;
            qx += x[i] * x[i]; qy += y[i] * y[i];
        }
        // Relative test: a trajectory whose spread is at rounding level of its size is constant.
        if (sxx <= 1e-24 * Math.Max(qx, 1e-300) || sxx == 0) return ReadOff.None("the first trajectory is constant");
        if (syy <= 1e-24 * Math.Max(qy, 1e-300) || syy == 0) return ReadOff.None("the second trajectory is constant");
        return ReadOff.Of(Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1, 1));
    }
}

namespace PidGpu.Estimate;

/// <summary>The digamma function ψ(x) = d/dx log Γ(x) for x &gt; 0 (double, ~1e-15 relative).</summary>
internal static class Digamma
{
    /// <summary>
    /// Recurrence ψ(x) = ψ(x + 1) − 1/x up to x ≥ 10, then the asymptotic series
    /// ψ(x) ≈ ln x − 1/(2x) − Σ B₂ₖ/(2k x²ᵏ) through k = 6 (the first omitted term, B₁₄/(14x¹⁴), is below 1e-15 at x = 10).
    /// </summary>
    public static double Of(double x)
    {
        if (!(x > 0) || double.IsInfinity(x))
            throw new PidInputException($"digamma is defined here for finite x > 0 (got {x}).");
        double shift = 0;
        while (x < 10) { shift -= 1 / x; x += 1; }
        double inv2 = 1 / (x * x);
        // −B₂ₖ/(2k) for k = 1..6: −1/12, 1/120, −1/252, 1/240, −1/132, 691/32760.
        double series = inv2 * (-1.0 / 12 + inv2 * (1.0 / 120 + inv2 * (-1.0 / 252 + inv2 * (1.0 / 240 + inv2 * (-1.0 / 132 + inv2 * (691.0 / 32760))))));
        return shift + Math.Log(x) - 0.5 / x + series;
    }
}

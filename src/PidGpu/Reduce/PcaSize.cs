using System.Globalization;
using PidGpu.Reduce;

namespace PidGpu.Reduce;

/// <summary>
/// How far PCA reduces a variable: a fixed number of components k (0 = no PCA), or the fewest components whose eigenvalues
/// reach a share of the total standardised variance (the paper keeps 95 %). Written "8" or "0.95" on the command line.
/// </summary>
public readonly record struct PcaSize
{
    PcaSize(int components, double fraction) => (Components, VarianceFraction) = (components, fraction);

    /// <summary>The fixed k; 0 when PCA is off or when <see cref="VarianceFraction"/> decides.</summary>
    public int Components { get; }

    /// <summary>The share of the variance to keep, in (0, 1); 0 for a fixed k.</summary>
    public double VarianceFraction { get; }

    /// <summary>The paper's choice: as many components as 95 % of the variance needs.</summary>
    public static PcaSize Paper => Fraction(0.95);

    public static PcaSize Count(int components) => components >= 0 ? new(components, 0)
        : throw new PidInputException($"the PCA size must be >= 0 (0 = no PCA), got {components}.");

    public static PcaSize Fraction(double share) => share > 0 && share < 1 ? new(0, share)
        : throw new PidInputException($"a PCA variance fraction must lie strictly between 0 and 1, got {share.ToString(CultureInfo.InvariantCulture)}.");

    public static implicit operator PcaSize(int components) => Count(components);

    public bool IsFraction => VarianceFraction > 0;

    /// <summary>No PCA at all.</summary>
    public bool IsOff => !IsFraction && Components == 0;

    /// <summary>Whether a variable of <paramref name="columns"/> columns is reduced: under a fraction any with two or more,
    /// under a fixed k those wider than k.</summary>
    public bool Reduces(int columns) => IsFraction ? columns > 1 : Components > 0 && columns > Components;

    /// <summary>The fit's options: k, or the target with <see cref="PcaOptions.Components"/> as the search's first guess.</summary>
    public PcaOptions Options => IsFraction ? new PcaOptions { VarianceTarget = VarianceFraction } : new PcaOptions { Components = Components };

    /// <summary>
    /// "8" (an integer: a count, 0 = off) or "0.95" (a fraction in (0, 1)); anything else is an error naming
    /// <paramref name="flag"/>: a negative count, a fraction at or outside 0 and 1 that is not an integer, NaN, text.
    /// </summary>
    public static PcaSize Parse(string text, string flag)
    {
        var t = text.Trim();
        if (int.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int k))
            return k >= 0 ? Count(k) : throw new PidInputException($"{flag} must be >= 0 (a component count; 0 = no PCA) or a variance fraction in (0, 1), got {text}.");
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double share) && share > 0 && share < 1)
            return Fraction(share);
        throw new PidInputException($"{flag} '{text}' is neither a component count (an integer >= 0, e.g. 8) " +
            "nor a variance fraction strictly between 0 and 1 (e.g. 0.95).");
    }

    public override string ToString() => IsFraction
        ? VarianceFraction.ToString("R", CultureInfo.InvariantCulture)
        : Components.ToString(CultureInfo.InvariantCulture);
}

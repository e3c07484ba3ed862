namespace PidGpu.Analysis;

/// <summary>
/// A summary number that may be undefined, e.g. a share of a total of ~0 bits or a correlation of a constant
/// trajectory: either <see cref="Value"/> (finite) or <see cref="Undefined"/> (the reason), never NaN.
/// </summary>
public sealed record ReadOff(double? Value, string? Undefined)
{
    /// <summary>Below this many bits a denominator counts as zero.</summary>
    public const double ZeroBits = 1e-9;

    public static ReadOff Of(double value)
        => double.IsFinite(value) ? new(value, null) : new(null, $"not finite ({value})");

    public static ReadOff None(string reason) => new(null, reason);

    public bool IsDefined => Value is not null;

    /// <summary>numerator / denominator, undefined when |denominator| &lt; <see cref="ZeroBits"/>.</summary>
    public static ReadOff Ratio(double numerator, double denominator, string denominatorName)
        => Math.Abs(denominator) < ZeroBits
            ? None($"{denominatorName} is {denominator:G3} bits (~0)")
            : Of(numerator / denominator);

    /// <summary>The value with <paramref name="format"/>, or "undefined".</summary>
    public string Format(string format) => Value is double v ? v.ToString(format, System.Globalization.CultureInfo.InvariantCulture) : "undefined";
}

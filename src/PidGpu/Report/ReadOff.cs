using System.Globalization;

namespace PidGpu.Report;

/// <summary>
/// A summary number that may be undefined, e.g. a share of a total of ~0 bits or a correlation of a constant
/// trajectory: either <see cref="Value"/> (finite) or <see cref="Undefined"/> (the reason), never NaN.
/// </summary>
public sealed record ReadOff(double? Value, string? Undefined)
{
    /// <summary>Below this many bits a denominator counts as zero.</summary>
    public const double ZeroBits = 1e-9;

    /// <summary>
    /// A relative read-off (knockout ΔC%, U_L / U_V) needs a base of at least this many bits: below it the ratio is noise
    /// over noise (an atom of 1e-5 bits that moves to 4e-4 bits is "+3,900 %"), so it is reported as n/a instead.
    /// </summary>
    public const double FloorBits = 1e-3;

    /// <summary>The reason a ratio whose base is under <see cref="FloorBits"/> gives: "base &lt; 0.001 bits".</summary>
    public static string BelowFloor { get; } = string.Create(CultureInfo.InvariantCulture, $"base < {FloorBits} bits");

    public static ReadOff Of(double value)
        => double.IsFinite(value) ? new(value, null) : new(null, $"not finite ({value})");

    public static ReadOff None(string reason) => new(null, reason);

    public bool IsDefined => Value is not null;

    /// <summary>numerator / denominator, undefined when |denominator| &lt; <see cref="ZeroBits"/>.</summary>
    public static ReadOff Ratio(double numerator, double denominator, string denominatorName)
        => Math.Abs(denominator) < ZeroBits
            ? None($"{denominatorName} is {denominator:G3} bits (~0)")
            : Of(numerator / denominator);

    /// <summary>numerator / base, undefined (<see cref="BelowFloor"/>) when |base| &lt; <see cref="FloorBits"/>.</summary>
    public static ReadOff RatioAboveFloor(double numerator, double denominator)
        => Math.Abs(denominator) < FloorBits ? None(BelowFloor) : Of(numerator / denominator);

    /// <summary>The value with <paramref name="format"/>, or "undefined".</summary>
    public string Format(string format) => Value is double v ? v.ToString(format, CultureInfo.InvariantCulture) : "undefined";

    /// <summary>The value with <paramref name="format"/> and <paramref name="suffix"/>, or "n/a (reason)".</summary>
    public string Text(string format, string suffix = "")
        => Value is double v ? v.ToString(format, CultureInfo.InvariantCulture) + suffix : $"n/a ({Undefined})";
}

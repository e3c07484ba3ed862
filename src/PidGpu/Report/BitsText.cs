using System.Globalization;

namespace PidGpu.Report;

/// <summary>Bits printed with six decimals for people (the JSON keeps the exact value).</summary>
internal static class BitsText
{
    /// <summary>Rounding noise such as -1e-17 shows as 0.000000, never -0.000000.</summary>
    public static string Format(double v)
    {
        var text = v.ToString("F6", CultureInfo.InvariantCulture);
        return text == "-0.000000" ? "0.000000" : text;
    }
}

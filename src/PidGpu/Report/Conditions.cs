using System.Globalization;
using System.Text.RegularExpressions;

namespace PidGpu.Report;

/// <summary>
/// Condition labels of a layer record: <c>intact</c>, or <c>knockout:A-B</c> for Image→Question attention
/// knocked out in layers A..B (inclusive; the paper's all-layer knockout of LLaVA is <c>knockout:0-31</c>).
/// </summary>
public static partial class Conditions
{
    public const string Intact = "intact";

    /// <summary>The label of a knockout in attention layers <paramref name="first"/>..<paramref name="last"/>.</summary>
    public static string Knockout(int first, int last)
    {
        if (first < 0 || last < first)
            throw new PidInputException($"knockout window {first}-{last} is not a range of layer indices.");
        return string.Create(CultureInfo.InvariantCulture, $"knockout:{first}-{last}");
    }

    public static bool IsKnockout(string condition) => KnockoutPattern().IsMatch(condition);

    /// <summary>True for "intact" and well-formed knockout labels.</summary>
    public static bool IsValid(string condition) => condition == Intact || IsKnockout(condition);

    [GeneratedRegex(@"^knockout:(0|[1-9][0-9]*)-(0|[1-9][0-9]*)$")]
    private static partial Regex KnockoutPattern();
}

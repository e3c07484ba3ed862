using System.Text.Json.Serialization;

namespace PidGpu.Report;

/// <summary>
/// A <see cref="KnockoutDelta"/> as summary.json holds it: atoms keyed <c>r, u_v, u_l, s, total</c>; a ΔC% or Dep that is n/a is
/// <c>null</c>, with its reason under <c>not_available</c> (e.g. <c>"u_v": "base &lt; 0.001 bits"</c>). Percentages, not fractions;
/// accuracies are fractions.
/// </summary>
internal sealed record KnockoutDeltaJson(
    string Model, string Task, string Condition, int Layer,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? AccuracyIntact,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? AccuracyKnockout,
    IReadOnlyDictionary<string, double> IntactBits, IReadOnlyDictionary<string, double> KnockoutBits,
    IReadOnlyDictionary<string, double?> DeltaPercent,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? Dep,
    IReadOnlyDictionary<string, string> NotAvailable)
{
    /// <summary>The JSON names of R, U1, U2, S, I.</summary>
    public static string Key(Atom atom) => atom switch
    {
        Atom.R => "r",
        Atom.U1 => "u_v",
        Atom.U2 => "u_l",
        Atom.S => "s",
        Atom.I => "total",
        _ => throw new ArgumentOutOfRangeException(nameof(atom)),
    };

    public static KnockoutDeltaJson Of(KnockoutDelta d)
    {
        var missing = AtomNames.All.Where(a => !d.Percent[a].IsDefined).ToDictionary(Key, a => d.Percent[a].Undefined!);
        if (d.Dependence.Undefined is string why) missing["dep"] = why;
        return new KnockoutDeltaJson(d.Model, d.Task, d.Condition, d.Layer, d.AccuracyIntact, d.AccuracyKnockout,
            AtomNames.All.ToDictionary(Key, d.Intact.Get), AtomNames.All.ToDictionary(Key, d.Knockout.Get),
            AtomNames.All.ToDictionary(Key, a => d.Percent[a].Value), d.Dependence.Value, missing);
    }
}

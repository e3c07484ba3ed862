namespace PidGpu.Report;

/// <summary>The knockout effect on one (model, task) at one layer.</summary>
/// <param name="Condition">The knockout condition, e.g. <c>knockout:0-31</c>.</param>
/// <param name="Layer">The layer compared (the decision layer by default).</param>
/// <param name="Intact">The intact record at that layer.</param>
/// <param name="Knockout">The knockout record at that layer.</param>
/// <param name="Percent">ΔC% = (C_KO − C_base) / C_base · 100 for R, U1, U2, S and I; n/a when |C_base| &lt; <see cref="ReadOff.FloorBits"/>.</param>
/// <param name="Dependence">Dep = (ΔU1% + ΔS% + ΔI%) / 3, the paper's task-dependence score (U1 = U_V, I = total); n/a when one is.</param>
public sealed record KnockoutDelta(
    string Model, string Task, string Condition, int Layer, LayerRecord Intact, LayerRecord Knockout,
    IReadOnlyDictionary<Atom, ReadOff> Percent, ReadOff Dependence)
{
    /// <summary>Accuracy (fraction) of the intact run.</summary>
    public double? AccuracyIntact => Intact.Accuracy;

    /// <summary>Accuracy (fraction) under the knockout.</summary>
    public double? AccuracyKnockout => Knockout.Accuracy;

    /// <summary>Accuracy under knockout minus intact accuracy (fraction), when both are known.</summary>
    public double? AccuracyChange => AccuracyKnockout is double k && AccuracyIntact is double i ? k - i : null;
}

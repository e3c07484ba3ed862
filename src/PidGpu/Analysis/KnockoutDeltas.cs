using System.Globalization;
using System.Text;

namespace PidGpu.Analysis;

/// <summary>The knockout effect on one (model, task) at one layer.</summary>
/// <param name="Condition">The knockout condition, e.g. <c>knockout:0-31</c>.</param>
/// <param name="Layer">The layer compared (the decision layer by default).</param>
/// <param name="Percent">ΔC% = (C_KO − C_base) / C_base · 100 for R, U1, U2, S and I (undefined when |C_base| ~ 0).</param>
/// <param name="Dependence">Dep = (ΔU1% + ΔS% + ΔI%) / 3, the paper's task-dependence score (U1 = U_V, I = total).</param>
/// <param name="AccuracyChange">Accuracy under knockout minus intact accuracy (fraction), when both are known.</param>
public sealed record KnockoutDelta(
    string Model, string Task, string Condition, int Layer,
    IReadOnlyDictionary<Atom, ReadOff> Percent, ReadOff Dependence, double? AccuracyChange);

/// <summary>
/// The paper's knockout read-off: each knockout series is paired with the intact series of the same model and task
/// (from the same run, or from a separate intact run), compared at one layer.
/// </summary>
public static class KnockoutDeltas
{
    /// <param name="knockout">Holds the knockout series (and possibly the intact ones).</param>
    /// <param name="intact">Holds the intact series; null = take them from <paramref name="knockout"/>.</param>
    /// <param name="layer">Layer to compare; null = the last layer the two series share (the decision layer).</param>
    /// <exception cref="PidInputException">No knockout series, no intact partner, or the layer is missing.</exception>
    public static IReadOnlyList<KnockoutDelta> Of(RunResults knockout, RunResults? intact = null, int? layer = null)
    {
        intact ??= knockout;
        var result = new List<KnockoutDelta>();
        foreach (var key in knockout.Series().Where(k => Conditions.IsKnockout(k.Condition)))
        {
            var ko = knockout.Trajectory(key).ToDictionary(r => r.Layer);
            var baseline = intact.Trajectory(key with { Condition = Conditions.Intact }).ToDictionary(r => r.Layer);
            if (baseline.Count == 0)
                throw new PidInputException($"model '{key.Model}', task '{key.Task}': no intact series to compare {key.Condition} with.");
            var shared = ko.Keys.Intersect(baseline.Keys).ToList();
            if (shared.Count == 0)
                throw new PidInputException($"model '{key.Model}', task '{key.Task}': {key.Condition} and intact share no layer.");
            int at = layer ?? shared.Max();
            if (!shared.Contains(at))
                throw new PidInputException($"model '{key.Model}', task '{key.Task}': layer {at} is not in both {key.Condition} and intact.");
            result.Add(Delta(baseline[at], ko[at]));
        }
        if (result.Count == 0)
            throw new PidInputException("the run has no knockout series (condition 'knockout:A-B').");
        return result;
    }

    /// <summary>The deltas of one knockout record against its intact record (same layer).</summary>
    public static KnockoutDelta Delta(LayerRecord intact, LayerRecord knockout)
    {
        var percent = AtomNames.All.ToDictionary(a => a, a =>
        {
            var ratio = ReadOff.Ratio(knockout.Get(a) - intact.Get(a), intact.Get(a), $"intact {a}");
            return ratio.Value is double v ? ReadOff.Of(100 * v) : ratio;
        });
        var parts = new[] { percent[Atom.U1], percent[Atom.S], percent[Atom.I] };
        var dep = parts.All(p => p.IsDefined)
            ? ReadOff.Of(parts.Average(p => p.Value!.Value))
            : ReadOff.None("ΔU1, ΔS or ΔI is undefined");
        double? accuracy = knockout.Accuracy is double k && intact.Accuracy is double i ? k - i : null;
        return new KnockoutDelta(knockout.Model, knockout.Task, knockout.Condition, knockout.Layer, percent, dep, accuracy);
    }

    /// <summary>One row per delta: ΔC% per atom, Dep, Δaccuracy (percentage points).</summary>
    public static string ToTable(IReadOnlyList<KnockoutDelta> deltas)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{"model",-16} {"task",-14} {"condition",-14} {"layer",5} {"ΔR%",8} {"ΔU1%",8} {"ΔU2%",8} {"ΔS%",8} {"ΔI%",8} {"Dep",8} {"Δacc",7}");
        foreach (var d in deltas)
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{d.Model,-16} {d.Task,-14} {d.Condition,-14} {d.Layer,5} {string.Join(" ", AtomNames.All.Select(a => $"{d.Percent[a].Format("F1"),8}"))} {d.Dependence.Format("F1"),8} {(d.AccuracyChange is double acc ? (100 * acc).ToString("F1", CultureInfo.InvariantCulture) : "-"),7}"));
        sb.AppendLine("ΔC% = (C_knockout − C_intact) / C_intact × 100; Dep = (ΔU1% + ΔS% + ΔI%) / 3; Δacc in percentage points.");
        return sb.ToString();
    }
}

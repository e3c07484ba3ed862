using System.Globalization;
using System.Text;

namespace PidGpu.Report;

/// <summary>
/// The paper's knockout read-off: each knockout series is paired with the intact series of the same model and task
/// (from the same run, or from a separate intact run), compared at one layer. A relative change whose intact base is under
/// <see cref="ReadOff.FloorBits"/> is n/a ("base &lt; 0.001 bits"), never a huge percentage.
/// </summary>
public static class KnockoutDeltas
{
    /// <param name="knockout">Holds the knockout series (and possibly the intact ones).</param>
    /// <param name="intact">Holds the intact series; null = take them from <paramref name="knockout"/>.</param>
    /// <param name="layer">Layer to compare; null = the last layer the two series share (the decision layer).</param>
    /// <exception cref="PidInputException">No knockout series, no intact partner, or the layer is missing.</exception>
    public static IReadOnlyList<KnockoutDelta> Of(RunResults knockout, RunResults? intact = null, int? layer = null)
    {
        var result = Pairs(knockout, intact ?? knockout, layer, strict: true);
        if (result.Count == 0)
            throw new PidInputException("the run has no knockout series (condition 'knockout:A-B').");
        return result;
    }

    /// <summary>The deltas at the decision layer of every knockout series that has an intact partner (the others left out).</summary>
    public static IReadOnlyList<KnockoutDelta> Paired(RunResults run) => Pairs(run, run, null, strict: false);

    static List<KnockoutDelta> Pairs(RunResults knockout, RunResults intact, int? layer, bool strict)
    {
        var result = new List<KnockoutDelta>();
        foreach (var key in knockout.Series().Where(k => Conditions.IsKnockout(k.Condition)))
        {
            var ko = knockout.Trajectory(key).ToDictionary(r => r.Layer);
            var baseline = intact.Trajectory(key with { Condition = Conditions.Intact }).ToDictionary(r => r.Layer);
            var shared = ko.Keys.Intersect(baseline.Keys).ToList();
            if (!strict && shared.Count == 0) continue;
            if (baseline.Count == 0)
                throw new PidInputException($"model '{key.Model}', task '{key.Task}': no intact series to compare {key.Condition} with.");
            if (shared.Count == 0)
                throw new PidInputException($"model '{key.Model}', task '{key.Task}': {key.Condition} and intact share no layer.");
            int at = layer ?? shared.Max();
            if (!shared.Contains(at))
                throw new PidInputException($"model '{key.Model}', task '{key.Task}': layer {at} is not in both {key.Condition} and intact.");
            result.Add(Delta(baseline[at], ko[at]));
        }
        return result;
    }

    /// <summary>The deltas of one knockout record against its intact record (same layer).</summary>
    public static KnockoutDelta Delta(LayerRecord intact, LayerRecord knockout)
    {
        var percent = AtomNames.All.ToDictionary(a => a, a =>
        {
            var ratio = ReadOff.RatioAboveFloor(knockout.Get(a) - intact.Get(a), intact.Get(a));
            return ratio.Value is double v ? ReadOff.Of(100 * v) : ratio;
        });
        (string Name, ReadOff Value)[] parts = [("ΔU_V", percent[Atom.U1]), ("ΔS", percent[Atom.S]), ("ΔTotal", percent[Atom.I])];
        var dep = parts.All(p => p.Value.IsDefined)
            ? ReadOff.Of(parts.Average(p => p.Value.Value!.Value))
            : ReadOff.None(string.Join(", ", parts.Where(p => !p.Value.IsDefined).Select(p => p.Name)) + " n/a");
        return new KnockoutDelta(knockout.Model, knockout.Task, knockout.Condition, knockout.Layer, intact, knockout, percent, dep);
    }

    /// <summary>One row per delta: accuracy before and after, ΔC% per atom, Dep; an n/a cell says why, e.g. "n/a (base &lt; 0.001 bits)".</summary>
    public static string ToTable(IReadOnlyList<KnockoutDelta> deltas)
    {
        string[] header = ["model", "task", "condition", "layer", "acc before", "acc after", "ΔR%", "ΔU_V%", "ΔU_L%", "ΔS%", "ΔTotal%", "Dep"];
        var rows = deltas.Select(d => (string[])[
            d.Model, d.Task, d.Condition, d.Layer.ToString(CultureInfo.InvariantCulture), Accuracy(d.AccuracyIntact), Accuracy(d.AccuracyKnockout),
            .. AtomNames.All.Select(a => d.Percent[a].Text("+0.0;-0.0;0.0")), d.Dependence.Text("+0.0;-0.0;0.0")]).ToList();
        var sb = new StringBuilder(TextTable.Render(header, rows, leftColumns: 3));
        sb.AppendLine("ΔC% = (C_knockout − C_intact) / C_intact × 100 (n/a when |C_intact| < " +
            string.Create(CultureInfo.InvariantCulture, $"{ReadOff.FloorBits} bits); Dep = (ΔU_V% + ΔS% + ΔTotal%) / 3; U_V = U1, U_L = U2, Total = I."));
        return sb.ToString();
    }

    static string Accuracy(double? a) => a is double v ? (100 * v).ToString("F1", CultureInfo.InvariantCulture) + "%" : "-";
}

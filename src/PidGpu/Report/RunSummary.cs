using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PidGpu.Report;

/// <summary>
/// The paper's summary statistics of a run, one <see cref="SeriesSummary"/> per (model, task, condition). Rules
/// (the paper does not define its turning points; these are ours):
/// <list type="bullet">
/// <item>Vision-unique peak: the layer of the largest U1 (argmax; on ties the earliest layer).</item>
/// <item>Shares use the total I = I(Y; X1, X2) as denominator, so the four shares sum to 1; a share is undefined
/// (not NaN) when |I| &lt; <see cref="ReadOff.ZeroBits"/>.</item>
/// <item>Language-unique share: U2 / I at the last (highest-index) layer of the trajectory.</item>
/// <item>Maximum synergy share: max over layers with a defined share of S / I, and its layer (earliest on ties).</item>
/// <item>Stages: with L the last layer index, early = layers ≤ round(10 L / 32), middle = up to round(20 L / 32),
/// late = the rest; for L = 32 this is the paper's 0–10 / 11–20 / 21–32 (visual injection, consolidation,
/// language-dominant decision). A stage without layers is left out.</item>
/// </list>
/// </summary>
/// <param name="Knockouts">Knockout deltas at the decision layer of each knockout series with an intact partner.</param>
public sealed record RunSummary(IReadOnlyList<SeriesSummary> Series, IReadOnlyList<KnockoutDelta> Knockouts)
{
    public const string FileName = "summary.json";

    /// <exception cref="PidInputException">The run has no records.</exception>
    public static RunSummary Of(RunResults run)
    {
        if (run.Records.Count == 0)
            throw new PidInputException("the run has no layer records to summarise.");
        return new RunSummary(run.Series().Select(k => Summarize(k, run.Trajectory(k))).ToList(), KnockoutDeltas.Paired(run));
    }

    /// <summary>Summarises one trajectory (records of one series, any order).</summary>
    public static SeriesSummary Summarize(SeriesKey key, IReadOnlyList<LayerRecord> records)
    {
        if (records.Count == 0)
            throw new PidInputException($"model '{key.Model}', task '{key.Task}', {key.Condition}: no layers.");
        var layers = records.OrderBy(r => r.Layer).ToList();
        var last = layers[^1];

        var peak = TurningPoints.VisionPeak(layers);
        var trough = TurningPoints.LanguageTrough(layers);
        var (onset, noOnset) = TurningPoints.SurgeOnset(layers, trough);

        ReadOff maxSynergy = ReadOff.None("I ~ 0 bits at every layer");
        int? synergyLayer = null;
        foreach (var r in layers)
        {
            var share = ReadOff.Ratio(r.S, r.I, "I");
            if (share.Value is double v && (maxSynergy.Value is not double best || v > best))
            {
                maxSynergy = share;
                synergyLayer = r.Layer;
            }
        }

        return new SeriesSummary(key.Model, key.Task, key.Condition, layers.Count, last.Layer,
            peak.Layer, peak.U1, ReadOff.Ratio(last.U2, last.I, $"I at layer {last.Layer}"),
            maxSynergy, synergyLayer, Stages(layers, last.Layer), FinalLayerTable.Of(last), trough.Layer, onset, noOnset);
    }

    static List<StageMean> Stages(List<LayerRecord> layers, int lastLayer)
    {
        int earlyEnd = (int)Math.Round(10.0 * lastLayer / 32, MidpointRounding.AwayFromZero);
        int middleEnd = (int)Math.Round(20.0 * lastLayer / 32, MidpointRounding.AwayFromZero);
        var stages = new List<StageMean>();
        Add("early", int.MinValue, earlyEnd);
        Add("middle", earlyEnd + 1, middleEnd);
        Add("late", middleEnd + 1, int.MaxValue);
        return stages;

        void Add(string name, int from, int to)
        {
            var part = layers.Where(r => r.Layer >= from && r.Layer <= to).ToList();
            if (part.Count == 0) return;
            stages.Add(new StageMean(name, part[0].Layer, part[^1].Layer,
                part.Average(r => r.R), part.Average(r => r.U1), part.Average(r => r.U2),
                part.Average(r => r.S), part.Average(r => r.I)));
        }
    }

    /// <summary>A fixed-width table, one row per series.</summary>
    public string ToTable()
    {
        var sb = new StringBuilder();
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"{"model",-16} {"task",-14} {"condition",-14} {"layers",6} {"U1 peak layer",13} {"U1 peak (bits)",14} {"U2/I last",9} {"max S/I",8} {"at layer",8}"));
        foreach (var s in Series)
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{s.Model,-16} {s.Task,-14} {s.Condition,-14} {s.Layers,6} {s.VisionPeakLayer,13} {s.VisionPeakBits,14:F4} {Pct(s.LanguageShareLast),9} {Pct(s.MaxSynergyShare),8} {(s.MaxSynergyLayer?.ToString(CultureInfo.InvariantCulture) ?? "-"),8}"));
        sb.AppendLine("Layer 0 = embedding output (Hugging Face hidden_states order). Shares are of the total I.");
        sb.AppendLine();
        sb.Append(ReadOffTables.FinalLayer(Series));
        sb.AppendLine();
        sb.Append(ReadOffTables.TurningPointsAndStages(Series));
        return sb.ToString();
    }

    static string Pct(ReadOff r) => r.Value is double v ? (v * 100).ToString("F1", CultureInfo.InvariantCulture) + "%" : "undef.";

    static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// summary.json: <c>{"units": "bits", "rules": [...], "series": [...], "knockout": [...]}</c>; an undefined series read-off is
    /// <c>{"undefined": reason}</c>, an n/a knockout ΔC% or Dep is null (see <see cref="KnockoutDeltaJson"/>).
    /// </summary>
    public string ToJson() => JsonSerializer.Serialize(new
    {
        units = "bits",
        rules = ReadOffTables.Rules,
        series = Series,
        knockout = Knockouts.Select(KnockoutDeltaJson.Of).ToList(),
    }, Json) + "\n";
}

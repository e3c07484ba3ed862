using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PidGpu.Report;

/// <summary>
/// Compares two runs' trajectories (e.g. two models, or a re-run). Matching: series pair up on task and condition,
/// and points on layer index (only layers both have count). Models pair up by name when the runs share a model
/// name; when they share none and each run holds exactly one model, that one model is compared with the other
/// (the paper's LLaVA-1.5 vs LLaVA-1.6 comparison). Per pair: Pearson r over layers of R, U1, U2, S and I, and the
/// mean of the defined r over the four parts R, U1, U2, S. <see cref="MeanByAtom"/> averages each atom's r over pairs.
/// </summary>
public sealed record RunComparison(IReadOnlyList<SeriesComparison> Pairs, IReadOnlyList<AtomCorrelation> MeanByAtom, ReadOff Mean)
{
    /// <exception cref="PidInputException">No (model, task, condition, layer) overlap between the runs.</exception>
    public static RunComparison Of(RunResults a, RunResults b)
    {
        var modelsA = a.Records.Select(r => r.Model).Distinct().ToList();
        var modelsB = b.Records.Select(r => r.Model).Distinct().ToList();
        Func<string, string?> partner;
        if (modelsA.Intersect(modelsB).Any()) partner = m => modelsB.Contains(m) ? m : null;
        else if (modelsA.Count == 1 && modelsB.Count == 1) partner = _ => modelsB[0];
        else
            throw new PidInputException($"the runs share no model name (A: {string.Join(", ", modelsA)}; " +
                $"B: {string.Join(", ", modelsB)}) and are not one model each, so their series cannot be paired.");

        var pairs = new List<SeriesComparison>();
        foreach (var keyA in a.Series())
        {
            if (partner(keyA.Model) is not string modelB) continue;
            var keyB = new SeriesKey(modelB, keyA.Task, keyA.Condition);
            var byLayerB = b.Trajectory(keyB).ToDictionary(r => r.Layer);
            var common = a.Trajectory(keyA).Where(r => byLayerB.ContainsKey(r.Layer)).ToList();
            if (common.Count == 0) continue;
            var atoms = AtomNames.All.Select(atom => new AtomCorrelation(atom, Pearson.Of(
                common.Select(r => r.Get(atom)).ToList(), common.Select(r => byLayerB[r.Layer].Get(atom)).ToList()))).ToList();
            pairs.Add(new SeriesComparison(keyA.Model, modelB, keyA.Task, keyA.Condition, common.Count, atoms,
                MeanOf(atoms.Where(c => c.Atom != Atom.I).Select(c => c.R), "no part has a defined r")));
        }
        if (pairs.Count == 0)
            throw new PidInputException("the runs have no (model, task, condition, layer) in common to compare.");
        var byAtom = AtomNames.All.Select(atom => new AtomCorrelation(atom,
            MeanOf(pairs.Select(p => p.Atoms.First(c => c.Atom == atom).R), "undefined in every pair"))).ToList();
        return new RunComparison(pairs, byAtom, MeanOf(byAtom.Where(c => c.Atom != Atom.I).Select(c => c.R), "no part has a defined r"));
    }

    static ReadOff MeanOf(IEnumerable<ReadOff> values, string reason)
    {
        var defined = values.Where(v => v.Value is not null).Select(v => v.Value!.Value).ToList();
        return defined.Count == 0 ? ReadOff.None(reason) : ReadOff.Of(defined.Average());
    }

    /// <summary>One row per pair: task, condition, models, layers, r per atom and the mean over R, U1, U2, S.</summary>
    public string ToTable()
    {
        var sb = new StringBuilder();
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"{"task",-14} {"condition",-14} {"model A",-16} {"model B",-16} {"layers",6} {"r(R)",7} {"r(U1)",7} {"r(U2)",7} {"r(S)",7} {"r(I)",7} {"mean",7}"));
        foreach (var p in Pairs)
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{p.Task,-14} {p.Condition,-14} {p.ModelA,-16} {p.ModelB,-16} {p.Layers,6} {string.Join(" ", p.Atoms.Select(c => F(c.R)))} {F(p.Mean)}"));
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"{"mean",-14} {"",-14} {"",-16} {"",-16} {"",6} {string.Join(" ", MeanByAtom.Select(c => F(c.R)))} {F(Mean)}"));
        sb.AppendLine("Pearson r over the layers both runs have; mean = over R, U1, U2, S (undefined r left out).");
        return sb.ToString();
    }

    static string F(ReadOff r) => $"{r.Format("F3"),7}";

    static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The comparison as JSON (an undefined r is <c>{"undefined": reason}</c>).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json) + "\n";
}

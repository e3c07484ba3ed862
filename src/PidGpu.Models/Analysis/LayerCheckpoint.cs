using PidGpu.Report;

namespace PidGpu.Models.Analysis;

/// <summary>
/// Resumable layer-wise runs: the layers an earlier, interrupted run finished (taken as they are instead of being computed
/// again) and a sink told after every new layer record. Every layer's estimate depends only on the run's settings and its
/// own data (fixed seeds), so a resumed run gives the records an uninterrupted one gives, in the same order.
/// </summary>
public sealed class LayerCheckpoint(IEnumerable<LayerRecord> finished, Action<IReadOnlyList<LayerRecord>> save)
{
    readonly Dictionary<(string Task, string Condition, int Layer), LayerRecord> done =
        finished.ToDictionary(r => (r.Task, r.Condition, r.Layer));

    /// <summary>The finished record of this layer, if the earlier run got that far.</summary>
    public LayerRecord? Finished(string task, string condition, int layer) => done.GetValueOrDefault((task, condition, layer));

    /// <summary>Whether layers 0..<paramref name="layers"/>−1 of this task and condition all finished.</summary>
    public bool HasAll(string task, string condition, int layers)
        => Enumerable.Range(0, layers).All(l => done.ContainsKey((task, condition, l)));

    /// <summary>Called after each record is added: saves every record so far.</summary>
    public void Saved(IReadOnlyList<LayerRecord> records) => save(records);

    /// <summary>The same checkpoint for a run's next part (a knockout condition): what it saves follows <paramref name="earlier"/>.</summary>
    public LayerCheckpoint After(IReadOnlyList<LayerRecord> earlier) => new(done.Values, records => save([.. earlier, .. records]));
}

namespace PidGpu.Report;

/// <summary>
/// Everything a run produced: its settings and one <see cref="LayerRecord"/> per model × task × layer × condition.
/// Stored in a run folder as <see cref="ResultsFileName"/> (full, <see cref="ResultsJson"/>) and
/// <see cref="LayersFileName"/> (the records as a table, <see cref="LayersCsv"/>), each written atomically.
/// </summary>
public sealed record RunResults(RunSettings Settings, IReadOnlyList<LayerRecord> Records)
{
    public const string ResultsFileName = "results.json";
    public const string LayersFileName = "layers.csv";

    /// <summary>Writes results.json and layers.csv into <paramref name="runDir"/> (created if missing).</summary>
    /// <exception cref="PidInputException">A record is invalid, a key repeats, or the folder cannot be written.</exception>
    public void Save(string runDir)
    {
        Validate("results");
        try { Directory.CreateDirectory(runDir); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new PidInputException($"{runDir}: cannot create the run folder ({ex.Message}).", ex);
        }
        ResultsJson.Write(Path.Combine(runDir, ResultsFileName), this);
        LayersCsv.Write(Path.Combine(runDir, LayersFileName), Records);
    }

    /// <summary>Reads a run folder's results.json (the full record; layers.csv is a view of it).</summary>
    /// <exception cref="PidInputException">The folder or file is missing, corrupt, truncated or invalid.</exception>
    public static RunResults Load(string runDir)
    {
        if (!Directory.Exists(runDir))
            throw new PidInputException($"{runDir}: run folder does not exist.");
        return ResultsJson.Read(Path.Combine(runDir, ResultsFileName));
    }

    /// <summary>The distinct (model, task, condition) series, in first-seen order.</summary>
    public IReadOnlyList<SeriesKey> Series()
        => Records.Select(r => new SeriesKey(r.Model, r.Task, r.Condition)).Distinct().ToList();

    /// <summary>The records of one series, ordered by layer.</summary>
    public IReadOnlyList<LayerRecord> Trajectory(SeriesKey key)
        => Records.Where(r => r.Model == key.Model && r.Task == key.Task && r.Condition == key.Condition)
            .OrderBy(r => r.Layer).ToList();

    /// <summary>Checks every record and that no (model, task, layer, condition) appears twice.</summary>
    /// <exception cref="PidInputException">The first problem found, prefixed by <paramref name="where"/>.</exception>
    public void Validate(string where)
    {
        if (Settings is null) throw new PidInputException($"{where}: settings are missing.");
        if (Records is null) throw new PidInputException($"{where}: records are missing.");
        var seen = new HashSet<(string, string, int, string)>();
        for (int i = 0; i < Records.Count; i++)
        {
            var r = Records[i] ?? throw new PidInputException($"{where}: record {i} is null.");
            r.Validate($"{where}: record {i}");
            if (!seen.Add((r.Model, r.Task, r.Layer, r.Condition)))
                throw new PidInputException(
                    $"{where}: record {i} repeats model '{r.Model}', task '{r.Task}', layer {r.Layer}, condition '{r.Condition}'.");
        }
    }
}

using PidGpu.Progress;
using PidGpu.Report;

namespace PidGpu.Models.Analysis;

/// <summary>
/// The checkpoint of a layer-wise run in its run folder (<see cref="FileName"/>): the run's settings (<see cref="CheckpointSettings"/>)
/// and the layer records finished so far. Written atomically after each layer; removed by <see cref="Complete"/> once the complete
/// results are saved. A resume takes the finished layers instead of computing them again, and refuses a checkpoint made under
/// other settings, naming them.
/// </summary>
public static class RunCheckpointFile
{
    public const string FileName = "checkpoint.json";

    /// <summary>The checkpoint of a run in <paramref name="folder"/>: the earlier layers when <paramref name="resume"/> is set and a
    /// checkpoint is there (logged to <paramref name="sink"/>), and every new layer saved under <paramref name="settings"/>.</summary>
    /// <exception cref="PidInputException">Resuming a checkpoint made with other settings, or a corrupt one.</exception>
    internal static LayerCheckpoint Open(string folder, IReadOnlyDictionary<string, string> settings, bool resume, IProgressSink sink) =>
        new(Load(folder, settings, resume, sink), records => Save(folder, settings, records));

    /// <summary>Writes the settings and records atomically into <paramref name="folder"/> (created if missing).</summary>
    internal static void Save(string folder, IReadOnlyDictionary<string, string> settings, IReadOnlyList<LayerRecord> records)
    {
        Directory.CreateDirectory(folder);
        var run = new RunSettings(settings, new Dictionary<string, long>(), "", new Dictionary<string, string>(),
            new Dictionary<string, double>(), Partial: true);
        ResultsJson.Write(Path.Combine(folder, FileName), new RunResults(run, records));
    }

    /// <summary>
    /// The finished records of <paramref name="folder"/>'s checkpoint when <paramref name="resume"/> is set and one exists
    /// (none otherwise: a run that does not resume starts over).
    /// </summary>
    /// <exception cref="PidInputException">The checkpoint was made with other settings (each difference named), or is corrupt.</exception>
    internal static IReadOnlyList<LayerRecord> Load(string folder, IReadOnlyDictionary<string, string> settings, bool resume, IProgressSink sink)
    {
        string path = Path.Combine(folder, FileName);
        if (!resume) return [];
        if (!File.Exists(path))
        {
            sink.Log($"resume: no checkpoint in {folder}; starting from the beginning.");
            return [];
        }
        var saved = ResultsJson.Read(path);
        CheckpointSettings.CheckSame(path, saved.Settings.Options, settings);
        sink.Log($"resume: {saved.Records.Count} finished layer records taken from {path}.");
        return saved.Records;
    }

    /// <summary>Removes the checkpoint once the complete results are saved.</summary>
    public static void Complete(string folder)
    {
        string path = Path.Combine(folder, FileName);
        if (File.Exists(path)) File.Delete(path);
    }
}

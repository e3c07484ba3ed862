using System.Text.Json;
using PidGpu.Formats;
using PidGpu.Models.Capture;

namespace PidGpu.Cli;

/// <summary>
/// Checkpoints of <c>capture</c>: every <c>--checkpoint-every</c> questions the states kept so far go into a new folder under
/// <see cref="FolderName"/>, then <see cref="PointerFile"/> (written atomically) names it with the settings, the questions
/// done and the per-task counts; older folders are then removed. <c>--resume</c> continues from there.
/// </summary>
internal static class CaptureResume
{
    public const string PointerFile = "capture-checkpoint.json";
    public const string FolderName = ".capture-checkpoint";

    sealed record Pointer(Dictionary<string, string> Settings, int Done, string? Folder, Dictionary<string, TaskAccuracy> Accuracy);

    /// <exception cref="PidInputException">--resume with a checkpoint made under other settings, or --checkpoint-every below 1.</exception>
    public static CaptureCheckpoint? Open(CaptureOptions o, TextWriter stderr)
    {
        if (o.CheckpointEvery < 1) throw new PidInputException($"--checkpoint-every must be at least 1, got {o.CheckpointEvery}.");
        if (string.IsNullOrWhiteSpace(o.Out)) return null;
        var settings = RunCheckpointFile.Settings(o);
        string pointer = Path.Combine(o.Out, PointerFile);
        var start = new Pointer(settings, 0, null, []);
        if (o.Resume && !File.Exists(pointer)) stderr.WriteLine($"--resume: no checkpoint in {o.Out}; starting from the beginning.");
        else if (o.Resume)
        {
            try { start = JsonSerializer.Deserialize<Pointer>(File.ReadAllText(pointer)) ?? throw new JsonException("null"); }
            catch (JsonException e) { throw new PidInputException($"{pointer}: not a valid checkpoint ({e.Message}).", e); }
            RunCheckpointFile.CheckSame(pointer, start.Settings, settings);
            stderr.WriteLine($"--resume: {start.Done} questions done, taken from {pointer}.");
        }
        var kept = start.Folder is { } folder ? CapturedStates.Load(Path.Combine(o.Out, FolderName, folder)) : null;
        return new CaptureCheckpoint(start.Done, kept, start.Accuracy, o.CheckpointEvery,
            (done, states, accuracy) => Save(o.Out, settings, done, states, accuracy));
    }

    static void Save(string output, Dictionary<string, string> settings, int done, CapturedStates? states, IReadOnlyDictionary<string, TaskAccuracy> accuracy)
    {
        Directory.CreateDirectory(output);
        string root = Path.Combine(output, FolderName);
        string? name = null;
        if (states is not null)
        {
            name = done.ToString(System.Globalization.CultureInfo.InvariantCulture);
            states.Save(Path.Combine(root, name));
        }
        AtomicFile.WriteAllText(Path.Combine(output, PointerFile),
            JsonSerializer.Serialize(new Pointer(settings, done, name, new Dictionary<string, TaskAccuracy>(accuracy))));
        if (Directory.Exists(root))
            foreach (var old in Directory.GetDirectories(root).Where(f => Path.GetFileName(f) != name)) Directory.Delete(old, recursive: true);
    }

    /// <summary>What an interrupted capture left for --resume, in words.</summary>
    public static string Interrupted(string output) => File.Exists(Path.Combine(output, PointerFile))
        ? $"The checkpoint in {output} keeps the finished questions: run again with --resume to continue."
        : "No checkpoint was reached yet.";

    /// <summary>Removes the checkpoint once the complete states are saved.</summary>
    public static void Complete(string output)
    {
        File.Delete(Path.Combine(output, PointerFile));
        string root = Path.Combine(output, FolderName);
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }
}

using System.Text.Json;
using PidGpu.Formats;
using PidGpu.Models.Analysis;
using PidGpu.Models.Capture;

namespace PidGpu.Cli;

/// <summary>
/// Checkpoints of <c>capture</c>. The capture spills each kept sample's states to <see cref="FolderName"/> as it comes
/// (<see cref="StatesSpill"/>); every <c>--checkpoint-every</c> questions the spill is flushed and <see cref="PointerFile"/>
/// (written atomically) records the settings, the questions done, how much of the spill they cover and the per-task counts.
/// <c>--resume</c> cuts the spill back to that mark and continues from there; no states are held in memory or copied.
/// </summary>
internal static class CaptureResume
{
    public const string PointerFile = "capture-checkpoint.json";
    public const string FolderName = ".capture-checkpoint";

    sealed record Pointer(Dictionary<string, string> Settings, int Done, SpillMark Mark, Dictionary<string, TaskAccuracy> Accuracy);

    /// <exception cref="PidInputException">--resume with a checkpoint made under other settings, or --checkpoint-every below 1.</exception>
    public static CaptureCheckpoint? Open(CaptureOptions o, TextWriter stderr)
    {
        if (o.CheckpointEvery < 1) throw new PidInputException($"--checkpoint-every must be at least 1, got {o.CheckpointEvery}.");
        if (string.IsNullOrWhiteSpace(o.Out)) return null;
        var settings = RunCheckpointFile.Settings(o);
        string pointer = Path.Combine(o.Out, PointerFile);
        var start = new Pointer(settings, 0, SpillMark.Empty, []);
        // A fresh capture overwrites the spill, so an older checkpoint no longer describes it.
        if (!o.Resume && File.Exists(pointer)) File.Delete(pointer);
        else if (!File.Exists(pointer)) stderr.WriteLine($"--resume: no checkpoint in {o.Out}; starting from the beginning.");
        else if (o.Resume)
        {
            try { start = JsonSerializer.Deserialize<Pointer>(File.ReadAllText(pointer)) ?? throw new JsonException("null"); }
            catch (JsonException e) { throw new PidInputException($"{pointer}: not a valid checkpoint ({e.Message}).", e); }
            if (start.Mark is null || start.Accuracy is null || start.Settings is null)
                throw new PidInputException($"{pointer}: not a valid checkpoint (made by an older pidgpu?); run again without --resume.");
            RunCheckpointFile.CheckSame(pointer, start.Settings, settings);
            stderr.WriteLine($"--resume: {start.Done} questions done, taken from {pointer}.");
        }
        return new CaptureCheckpoint(start.Done, start.Mark, start.Accuracy, o.CheckpointEvery, Path.Combine(o.Out, FolderName),
            (done, mark, accuracy) => AtomicFile.WriteAllText(pointer,
                JsonSerializer.Serialize(new Pointer(settings, done, mark, new Dictionary<string, TaskAccuracy>(accuracy)))));
    }

    /// <summary>What an interrupted capture left for --resume, in words.</summary>
    public static string Interrupted(string output) => File.Exists(Path.Combine(output, PointerFile))
        ? $"The checkpoint in {output} keeps the finished questions: run again with --resume to continue."
        : "No checkpoint was reached yet.";

    /// <summary>After a failed or interrupted capture: a spill that no checkpoint vouches for is useless, so it goes (with the
    /// output folder when the capture made it and leaves it empty); a checkpointed one stays for --resume.</summary>
    public static void Abandon(string output, bool made)
    {
        if (File.Exists(Path.Combine(output, PointerFile))) return;
        StatesSpill.Delete(Path.Combine(output, FolderName));
        ScratchFolder.RemoveIfMadeAndEmpty(output, made);
    }

    /// <summary>Removes the checkpoint once the complete states are saved: the pointer first, so no resume finds a half-removed spill.</summary>
    public static void Complete(string output)
    {
        File.Delete(Path.Combine(output, PointerFile));
        StatesSpill.Delete(Path.Combine(output, FolderName));
    }
}

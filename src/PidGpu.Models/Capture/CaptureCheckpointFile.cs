using System.Text.Json;
using PidGpu.Formats;
using PidGpu.Models.Analysis;
using PidGpu.Progress;

namespace PidGpu.Models.Capture;

/// <summary>
/// Checkpoints of a <see cref="CaptureRun"/>. The capture spills each kept sample's states to <see cref="FolderName"/> as it comes
/// (<see cref="StatesSpill"/>); every <see cref="CaptureRequest.CheckpointEvery"/> questions the spill is flushed and
/// <see cref="PointerFile"/> (written atomically) records the settings, the questions done, how much of the spill they cover and the
/// per-task counts. A resume cuts the spill back to that mark and continues from there; no states are held in memory or copied.
/// </summary>
public static class CaptureCheckpointFile
{
    public const string PointerFile = "capture-checkpoint.json";
    public const string FolderName = ".capture-checkpoint";

    /// <summary>The checkpoint of <paramref name="request"/> (resumed from its folder's when asked), or null when it keeps none.</summary>
    /// <exception cref="PidInputException">A resume of a checkpoint made under other settings, or of a corrupt one.</exception>
    internal static CaptureCheckpoint? Open(CaptureRequest request, IProgressSink sink)
    {
        if (request.CheckpointSettings is null || string.IsNullOrWhiteSpace(request.Folder)) return null;
        var settings = new Dictionary<string, string>(request.CheckpointSettings);
        string pointer = Path.Combine(request.Folder, PointerFile);
        var start = new CaptureCheckpointPointer(settings, 0, SpillMark.Empty, []);
        // A fresh capture overwrites the spill, so an older checkpoint no longer describes it.
        if (!request.Resume && File.Exists(pointer)) File.Delete(pointer);
        else if (!File.Exists(pointer)) sink.Log($"resume: no checkpoint in {request.Folder}; starting from the beginning.");
        else if (request.Resume)
        {
            try { start = JsonSerializer.Deserialize<CaptureCheckpointPointer>(File.ReadAllText(pointer)) ?? throw new JsonException("null"); }
            catch (JsonException e) { throw CheckpointSettings.Unusable($"{pointer}: not a valid checkpoint ({e.Message})", e); }
            if (start.Mark is null || start.Accuracy is null || start.Settings is null)
                throw CheckpointSettings.Unusable($"{pointer}: not a valid checkpoint (made by an older pidgpu?)");
            CheckpointSettings.CheckSame(pointer, start.Settings, settings);
            sink.Log($"resume: {start.Done} questions done, taken from {pointer}.");
        }
        return new CaptureCheckpoint(start.Done, start.Mark, start.Accuracy, request.CheckpointEvery, Path.Combine(request.Folder, FolderName),
            (done, mark, accuracy) => AtomicFile.WriteAllText(pointer,
                JsonSerializer.Serialize(new CaptureCheckpointPointer(settings, done, mark, new Dictionary<string, TaskAccuracy>(accuracy)))));
    }

    /// <summary>After a failed or cancelled capture: a spill that no checkpoint vouches for is useless, so it goes (with the output
    /// folder when the capture made it and leaves it empty); a checkpointed one stays for a resume. True when one stays.</summary>
    internal static bool Abandon(string output, bool made)
    {
        if (File.Exists(Path.Combine(output, PointerFile))) return true;
        StatesSpill.Delete(Path.Combine(output, FolderName));
        ScratchFolder.RemoveIfMadeAndEmpty(output, made);
        return false;
    }

    /// <summary>Removes the checkpoint once the complete states are saved: the pointer first, so no resume finds a half-removed spill.</summary>
    internal static void Complete(string output)
    {
        File.Delete(Path.Combine(output, PointerFile));
        StatesSpill.Delete(Path.Combine(output, FolderName));
    }
}

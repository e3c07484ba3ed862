namespace PidGpu.Models.Capture;

/// <summary>
/// Resumable captures: how many questions an interrupted capture finished, how much of its spill (<see cref="StatesSpill"/>, the
/// states kept from them, on disk in <paramref name="Spill"/>) is good, its per-task counts, and a sink told every
/// <see cref="Every"/> questions. Each sample's states depend only on the model and that sample, so a resumed capture keeps what an
/// uninterrupted one keeps, in the same order.
/// </summary>
/// <param name="Done">Questions finished before (their forward passes are not run again).</param>
/// <param name="Mark">How far the spill is good for those questions (<see cref="SpillMark.Empty"/>: nothing kept yet).</param>
/// <param name="Accuracy">Per-task counts over them.</param>
/// <param name="Every">Questions between checkpoints (at least 1).</param>
/// <param name="Spill">The intact condition's spill folder; it outlives the capture until the caller removes it.</param>
/// <param name="Save">Called with the questions finished, the spill's flushed mark and the counts.</param>
public sealed record CaptureCheckpoint(int Done, SpillMark Mark, IReadOnlyDictionary<string, TaskAccuracy> Accuracy, int Every, string Spill,
    Action<int, SpillMark, IReadOnlyDictionary<string, TaskAccuracy>> Save);

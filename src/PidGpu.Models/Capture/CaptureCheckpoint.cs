namespace PidGpu.Models.Capture;

/// <summary>
/// Resumable captures: how many questions an interrupted capture finished, the states it kept from them and its per-task
/// counts, and a sink told every <see cref="Every"/> questions. Each sample's states depend only on the model and that
/// sample, so a resumed capture keeps what an uninterrupted one keeps, in the same order.
/// </summary>
/// <param name="Done">Questions finished before (their forward passes are not run again).</param>
/// <param name="Kept">The states kept from them; null when none was kept.</param>
/// <param name="Accuracy">Per-task counts over them.</param>
/// <param name="Every">Questions between checkpoints (at least 1).</param>
/// <param name="Save">Called with the questions finished, the states kept so far (null if none) and the counts.</param>
public sealed record CaptureCheckpoint(int Done, CapturedStates? Kept, IReadOnlyDictionary<string, TaskAccuracy> Accuracy, int Every,
    Action<int, CapturedStates?, IReadOnlyDictionary<string, TaskAccuracy>> Save);

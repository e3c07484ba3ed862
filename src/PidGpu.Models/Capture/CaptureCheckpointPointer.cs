namespace PidGpu.Models.Capture;

/// <summary>The checkpoint file of a capture (<see cref="CaptureCheckpointFile.PointerFile"/>): its settings, the questions done, how much
/// of the spill they cover and the per-task counts.</summary>
internal sealed record CaptureCheckpointPointer(Dictionary<string, string> Settings, int Done, SpillMark Mark, Dictionary<string, TaskAccuracy> Accuracy);

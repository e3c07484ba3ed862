namespace PidGpu.Models.Capture;

/// <summary>What a <see cref="CaptureRun"/> left: the saved states, or, cancelled, whether a checkpoint keeps the finished questions.</summary>
/// <param name="States">The complete states, opened from the folder (disposed with this); null when the capture was cancelled.</param>
/// <param name="CheckpointKept">Cancelled with a checkpoint in the folder: a resume continues from it.</param>
public sealed record CaptureOutcome(CapturedStates? States, bool CheckpointKept) : IDisposable
{
    public bool Cancelled => States is null;

    public void Dispose() => States?.Dispose();
}

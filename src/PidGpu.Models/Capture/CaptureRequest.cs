using PidGpu.Models.Analysis;

namespace PidGpu.Models.Capture;

/// <summary>What a <see cref="CaptureRun"/> does: which model on which questions, captured how, into which folder, resumed from where.</summary>
public sealed record CaptureRequest
{
    /// <summary>A Hugging Face LLaVA directory.</summary>
    public required string Model { get; init; }

    public required QuestionFileSource Questions { get; init; }

    /// <summary>Where the states go (<see cref="CapturedStates"/>), with the checkpoint while the capture runs.</summary>
    public required string Folder { get; init; }

    /// <summary>Pooling, answers kept, prompt, precision, Torch device and faults of the forward passes.</summary>
    public ForwardSettings Forward { get; init; } = new();

    /// <summary>
    /// The settings the capture's checkpoint (<see cref="CaptureCheckpointFile"/> in <see cref="Folder"/>) is saved under, as the caller
    /// names them (everything that changes the states); null = no checkpoint. A <see cref="Resume"/> under other settings is refused.
    /// </summary>
    public IReadOnlyDictionary<string, string>? CheckpointSettings { get; init; }

    /// <summary>Continue from the folder's checkpoint: the questions it finished are not run again; without one the capture starts over.</summary>
    public bool Resume { get; init; }

    /// <summary>Questions between checkpoints (at least 1).</summary>
    public int CheckpointEvery { get; init; } = 16;
}

using PidGpu.Device;
using PidGpu.Models.Capture;

namespace PidGpu.Models.Analysis;

/// <summary>What a <see cref="QuestionRun"/> does: which model on which questions (or which capture of them), under which conditions,
/// estimated how, resumed from where.</summary>
public sealed record QuestionRunRequest
{
    /// <summary>A Hugging Face LLaVA directory; unused (may be empty) when <see cref="Questions"/> is a <see cref="CapturedStatesSource"/>.</summary>
    public string Model { get; init; } = "";

    public required QuestionSource Questions { get; init; }

    /// <summary>The run folder: the capture (and a scene set) are kept in scratch folders inside it while the run goes.</summary>
    public required string RunFolder { get; init; }

    /// <summary>The estimation settings (PCA, copula, estimator, bootstrap, ...).</summary>
    public LayerwiseOptions Estimation { get; init; } = new();

    /// <summary>
    /// The settings the run's checkpoint (<see cref="RunCheckpointFile"/> in <see cref="RunFolder"/>) is saved under, as the caller
    /// names them (everything that changes the results); null = no checkpoint. A <see cref="Resume"/> under other settings is refused.
    /// </summary>
    public IReadOnlyDictionary<string, string>? CheckpointSettings { get; init; }

    /// <summary>Take the finished layers of the run folder's checkpoint instead of computing them again (needs
    /// <see cref="CheckpointSettings"/>); without a checkpoint there the run starts from the beginning.</summary>
    public bool Resume { get; init; }

    /// <summary>Knockout windows (inclusive decoder blocks): null = the intact run only; empty = one window of every block.</summary>
    public IReadOnlyList<(int First, int Last)>? Knockouts { get; init; }

    /// <summary>Pooling, answers kept, prompt, precision, Torch device and faults of the forward passes.</summary>
    public ForwardSettings Forward { get; init; } = new();

    /// <summary>The ILGPU device of the estimation.</summary>
    public DeviceKind Device { get; init; } = DeviceKind.Auto;
}

using PidGpu.Device;
using PidGpu.Models.Capture;
using TorchSharp;

namespace PidGpu.Models.Analysis;

/// <summary>What a <see cref="QuestionRun"/> does: which model on which questions, under which conditions, estimated how.</summary>
public sealed record QuestionRunRequest
{
    /// <summary>A Hugging Face LLaVA directory.</summary>
    public required string Model { get; init; }

    public required QuestionSource Questions { get; init; }

    /// <summary>The run folder: the capture (and a scene set) are kept in scratch folders inside it while the run goes.</summary>
    public required string RunFolder { get; init; }

    /// <summary>The estimation settings (PCA, copula, estimator, bootstrap, ...).</summary>
    public LayerwiseOptions Estimation { get; init; } = new();

    /// <summary>Opens the run's layer checkpoint once the forward passes are done (so an interrupted forward pass leaves an older
    /// checkpoint as it was); null = none.</summary>
    public Func<LayerCheckpoint?>? Checkpoint { get; init; }

    /// <summary>Knockout windows (inclusive decoder blocks): null = the intact run only; empty = one window of every block.</summary>
    public IReadOnlyList<(int First, int Last)>? Knockouts { get; init; }

    public RegionPooling Pooling { get; init; } = RegionPooling.Mean;

    /// <summary>Keep every answered sample, not only the correct ones.</summary>
    public bool AllAnswers { get; init; }

    /// <summary>A template name or text; null = the model's own, else <see cref="PromptTemplates.Default"/>.</summary>
    public string? Template { get; init; }

    /// <summary>The forward pass's precision, as recorded with the states (f32, bf16, f16).</summary>
    public string DType { get; init; } = "f32";

    public torch.ScalarType ForwardDType { get; init; } = torch.ScalarType.Float32;

    public torch.Device? TorchDevice { get; init; }

    /// <summary>The ILGPU device of the estimation.</summary>
    public DeviceKind Device { get; init; } = DeviceKind.Auto;

    /// <summary>Fail on the first faulty sample instead of skipping it.</summary>
    public bool Strict { get; init; }
}

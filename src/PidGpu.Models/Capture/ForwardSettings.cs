using TorchSharp;

namespace PidGpu.Models.Capture;

/// <summary>How each question goes through the model and what is kept of it: the settings a <see cref="CaptureRun"/> and an
/// <see cref="Analysis.QuestionRun"/> share.</summary>
public sealed record ForwardSettings
{
    public RegionPooling Pooling { get; init; } = RegionPooling.Mean;

    /// <summary>Keep every answered sample, not only the correct ones (the paper's).</summary>
    public bool AllAnswers { get; init; }

    /// <summary>A template name or text; null = the model's own, else <see cref="PromptTemplates.Default"/>.</summary>
    public string? Template { get; init; }

    /// <summary>The forward pass's precision, as recorded with the states (f32, bf16, f16).</summary>
    public string DType { get; init; } = "f32";

    public torch.ScalarType ForwardDType { get; init; } = torch.ScalarType.Float32;

    public torch.Device? TorchDevice { get; init; }

    /// <summary>Fail on the first faulty sample instead of skipping it.</summary>
    public bool Strict { get; init; }
}

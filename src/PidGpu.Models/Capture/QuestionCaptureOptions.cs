using PidGpu.Inputs.Text;

namespace PidGpu.Models.Capture;

/// <summary>Settings of <see cref="QuestionCapture.Run"/>.</summary>
public sealed record QuestionCaptureOptions
{
    public RegionPooling Pooling { get; init; } = RegionPooling.Mean;

    /// <summary>Keep every sample; false keeps the correctly answered ones only (the paper's).</summary>
    public bool AllAnswers { get; init; }

    public string Template { get; init; } = LlavaPromptTemplate.VicunaV1;

    /// <summary>Recorded with the states: the forward pass's dtype (f32, bf16, f16).</summary>
    public string DType { get; init; } = "f32";

    /// <summary>
    /// Image→Question knockouts, each a set of decoder blocks (0-based): after the intact pass every sample runs once per knockout
    /// with question-token queries cut off from image-token keys in those blocks. Empty = the intact capture only.
    /// </summary>
    public IReadOnlyList<IReadOnlyCollection<int>> Knockouts { get; init; } = [];

    /// <summary>Called after each sample's forward pass with its seconds.</summary>
    public Action<double>? OnSample { get; init; }

    /// <summary>Checked before each sample; a cancelled capture throws and returns nothing.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>
    /// Where the states go (required): the intact condition's <c>states.safetensors</c> and <c>samples.jsonl</c> in this folder, knockout
    /// condition c's in <c>condition-c</c> under it. While the capture runs each condition's rows are spilled to disk
    /// (<see cref="StatesSpill"/>, under <see cref="QuestionCapture.SpillFolder"/> or the checkpoint's folder), so memory holds
    /// one sample's layers, not every sample's.
    /// </summary>
    public string? Folder { get; init; }

    /// <summary>Where an interrupted capture left off and where progress is saved; null = no checkpoints.</summary>
    public CaptureCheckpoint? Checkpoint { get; init; }
}

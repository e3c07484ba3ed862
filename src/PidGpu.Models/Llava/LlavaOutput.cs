using static TorchSharp.torch;

namespace PidGpu.Models.Llava;

/// <summary>What <see cref="LlavaModel.Forward"/> returns; disposing it frees every tensor.</summary>
public sealed class LlavaOutput(Tensor logits, IReadOnlyList<Tensor>? hiddenStates, Tensor? imageFeatures) : IDisposable
{
    /// <summary>float32 logits: [B, V] at the last position, or [B, T, V] with <see cref="LlavaForwardOptions.AllPositions"/>.</summary>
    public Tensor Logits { get; } = logits;

    /// <summary>
    /// When requested: transformers' output_hidden_states order, L+1 tensors [B, T, D]: index 0 = the decoder's input embeddings
    /// (image features merged in), index i = the output of block i, the last = the final block's output after the final RMSNorm.
    /// </summary>
    public IReadOnlyList<Tensor>? HiddenStates { get; } = hiddenStates;

    /// <summary>The projector's output [B, image tokens per image, D] (null without pixel values).</summary>
    public Tensor? ImageFeatures { get; } = imageFeatures;

    public void Dispose()
    {
        Logits.Dispose();
        foreach (var h in HiddenStates ?? []) h.Dispose();
        ImageFeatures?.Dispose();
    }
}

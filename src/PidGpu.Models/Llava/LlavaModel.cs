using TorchSharp;
using static TorchSharp.torch;

namespace PidGpu.Models.Llava;

#pragma warning disable IDE1006 // field names are the Hugging Face state-dict names

/// <summary>
/// LlavaForConditionalGeneration on TorchSharp: CLIP ViT vision tower → mlp2x_gelu projector → Llama decoder → lm_head.
/// Its state-dict names are the older Hugging Face names (<c>vision_tower.vision_model.*</c>, <c>multi_modal_projector.*</c>,
/// <c>language_model.model.*</c>, <c>language_model.lm_head.*</c>); <see cref="LlavaCheckpoint"/> also reads the newer ones.
/// </summary>
public sealed class LlavaModel : nn.Module
{
    private readonly ClipVisionTower vision_tower;
    private readonly LlavaProjector multi_modal_projector;
    private readonly LlamaForCausalLM language_model;

    /// <summary>A randomly initialised model (load weights with <see cref="LlavaCheckpoint.Load"/>).</summary>
    public LlavaModel(LlavaConfig config, ScalarType dtype = ScalarType.Float32) : base(LoadTorch(nameof(LlavaModel)))
    {
        Config = config;
        vision_tower = new ClipVisionTower(config.Vision, dtype);
        multi_modal_projector = new LlavaProjector(config, dtype);
        language_model = new LlamaForCausalLM(config.Text, dtype);
        RegisterComponents();
    }

    public LlavaConfig Config { get; }

    // Runs before the base constructor touches LibTorch, so a missing native library gives TorchRuntime's clear error.
    static string LoadTorch(string name)
    {
        TorchRuntime.EnsureLoaded();
        return name;
    }

    /// <summary>Projected image features [B, tokens per image, D_text] for pixel values [B, C, H, W].</summary>
    public Tensor ImageFeatures(Tensor pixelValues)
    {
        using var scope = NewDisposeScope();
        var h = vision_tower.HiddenState(pixelValues, Config.VisionFeatureLayer);
        if (Config.VisionFeatureSelectStrategy == "default") h = h[.., 1..]; // drop the class token
        return multi_modal_projector.forward(h).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// One forward pass. <paramref name="inputIds"/> [B, T] (int64) holds <see cref="LlavaConfig.ImageTokenIndex"/> at each image
    /// position, already expanded to <see cref="LlavaConfig.ImageTokensPerImage"/> per image; their embeddings are replaced, in
    /// order, by the image features of <paramref name="pixelValues"/> [B, C, H, W] (one image per sequence). Gradients flow unless
    /// the caller wraps the call in <c>torch.no_grad()</c>.
    /// </summary>
    /// <exception cref="PidInputException">Image-token count and images disagree, or a token id is outside the vocabulary.</exception>
    public LlavaOutput Forward(Tensor inputIds, Tensor? pixelValues, LlavaForwardOptions? options = null)
    {
        options ??= new LlavaForwardOptions();
        if (inputIds.dim() != 2)
            throw new PidInputException($"input_ids: expected shape [batch, tokens], got [{string.Join(", ", inputIds.shape)}].");
        using var scope = NewDisposeScope();
        var ids = inputIds.to(ScalarType.Int64);
        // Explicit Scalars, held until the calls return (see ScalarMath).
        using Scalar imageId = Config.ImageTokenIndex.ToScalar(), zero = 0.ToScalar();
        var isImage = ids.eq(imageId);
        long imageTokens = isImage.sum().item<long>();
        var textIds = ids.masked_fill(isImage, zero);
        long maxId = textIds.max().item<long>(), minId = textIds.min().item<long>();
        if (minId < 0 || maxId >= Config.Text.VocabSize)
            throw new PidInputException($"input_ids: token id {(minId < 0 ? minId : maxId)} is outside the vocabulary [0, {Config.Text.VocabSize}).");
        var embeds = language_model.Decoder.Embed(textIds);
        Tensor? features = null;
        if (pixelValues is not null)
        {
            features = ImageFeatures(pixelValues);
            long expected = features.shape[0] * features.shape[1];
            if (imageTokens != expected)
                throw new PidInputException($"input_ids: {imageTokens} image tokens (id {Config.ImageTokenIndex}) but {features.shape[0]} image(s) give {expected} features ({features.shape[1]} per image).");
            embeds = embeds.masked_scatter(isImage.unsqueeze(-1).expand_as(embeds), features.to(embeds.dtype));
        }
        else if (imageTokens != 0)
            throw new PidInputException($"input_ids: {imageTokens} image tokens (id {Config.ImageTokenIndex}) but no pixel values.");

        var hidden = options.HiddenStates ? new List<Tensor>() : null;
        var last = language_model.Decoder.Run(embeds, options.Knockout, hidden);
        var logits = language_model.Head(options.AllPositions ? last : last[.., -1]).to(ScalarType.Float32);
        logits.MoveToOuterDisposeScope();
        hidden?.ForEach(h => h.MoveToOuterDisposeScope());
        features?.MoveToOuterDisposeScope();
        return new LlavaOutput(logits, hidden, features);
    }
}

using PidGpu.Inputs.Vision;
using TorchSharp;
using static TorchSharp.torch;

namespace PidGpu.Models.Llava;

#pragma warning disable IDE1006 // field names are the Hugging Face state-dict names

/// <summary>
/// LlavaForConditionalGeneration on TorchSharp: CLIP ViT vision tower → mlp2x_gelu projector → Llama decoder → lm_head.
/// Its state-dict names are the older Hugging Face names (<c>vision_tower.vision_model.*</c>, <c>multi_modal_projector.*</c>,
/// <c>language_model.model.*</c>, <c>language_model.lm_head.*</c>); <see cref="LlavaCheckpoint"/> also reads the newer ones.
/// With an anyres configuration (<see cref="LlavaConfig.IsAnyres"/>) it is LlavaNextForConditionalGeneration: one more
/// parameter, <c>image_newline</c> [D_text], and images enter as <see cref="AnyresPixels"/> (<see cref="AnyresFeatures"/>).
/// </summary>
public sealed class LlavaModel : nn.Module
{
    private readonly ClipVisionTower vision_tower;
    private readonly LlavaProjector multi_modal_projector;
    private readonly LlamaForCausalLM language_model;
    private readonly TorchSharp.Modules.Parameter? image_newline;

    /// <summary>A randomly initialised model (load weights with <see cref="LlavaCheckpoint.Load"/>).</summary>
    public LlavaModel(LlavaConfig config, ScalarType dtype = ScalarType.Float32) : base(LoadTorch(nameof(LlavaModel)))
    {
        Config = config;
        vision_tower = new ClipVisionTower(config.Vision, dtype);
        multi_modal_projector = new LlavaProjector(config, dtype);
        language_model = new LlamaForCausalLM(config.Text, dtype);
        if (config.IsAnyres) // transformers initialises it as randn(D) / sqrt(D)
            image_newline = nn.Parameter(torch.randn(config.Text.HiddenSize, dtype: dtype).div_(Math.Sqrt(config.Text.HiddenSize)));
        RegisterComponents();
    }

    public LlavaConfig Config { get; }

    /// <summary>Where the weights are and the forward pass runs; inputs may be anywhere and outputs come back to the inputs' device.</summary>
    public torch.Device Device => language_model.Decoder.Device;

    /// <summary>Moves the weights to <paramref name="device"/> (nothing to do when they are there already); returns this model.</summary>
    public LlavaModel MoveTo(torch.Device device)
    {
        if (device.type != Device.type || device.index != Device.index) this.to(device);
        return this;
    }

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
    /// LLaVA-1.6's image features [1, <see cref="AnyresLayout.Positions"/>, D_text] (<c>pack_image_features</c>): the base image's
    /// features, then the tiles' features arranged as one grid (tile rows × side by tile columns × side), cut to the rows
    /// and columns <see cref="AnyresLayout"/> keeps (<c>unpad_image</c>), each row followed by <c>image_newline</c>.
    /// </summary>
    public Tensor AnyresFeatures(AnyresPixels image)
    {
        if (image_newline is null)
            throw new PidInputException("anyres image input needs a LlavaNextForConditionalGeneration model (this one is LLaVA-1.5).");
        var layout = image.Layout;
        int side = Config.Vision.ImageSize, s = layout.PatchesPerSide;
        long d = Config.Text.HiddenSize;
        if (image.Values.Length != (1L + layout.Tiles) * 3 * side * side || layout.TileSize != side)
            throw new PidInputException($"anyres pixels: {image.Values.Length} values do not hold 1 + {layout.Tiles} crops of 3x{side}x{side}.");
        using var scope = NewDisposeScope();
        var all = ImageFeatures(torch.tensor(image.Values).view(1 + layout.Tiles, 3, side, side).to(Device)); // [1 + tiles, s², D]
        var grid = all[1..].reshape(layout.TileRows, layout.TileColumns, s, s, d)
            .permute(4, 0, 2, 1, 3).reshape(d, layout.TileRows * s, layout.TileColumns * s)
            .narrow(1, layout.RowOffset, layout.FeatureRows).narrow(2, layout.ColumnOffset, layout.FeatureColumns);
        var newline = image_newline.to(grid.dtype).view(d, 1, 1).expand(d, layout.FeatureRows, 1);
        var rows = torch.cat([grid, newline], 2).flatten(1, 2).transpose(0, 1);            // [R · (C + 1), D]
        return torch.cat([all[0], rows], 0).unsqueeze(0).MoveToOuterDisposeScope();
    }

    /// <summary>One LLaVA-1.6 forward pass: as <see cref="Forward(Tensor, Tensor?, LlavaForwardOptions?)"/>, the image positions
    /// (<see cref="AnyresLayout.Positions"/> of them) filled by <see cref="AnyresFeatures"/>.</summary>
    public LlavaOutput Forward(Tensor inputIds, AnyresPixels image, LlavaForwardOptions? options = null) =>
        Run(inputIds, () => AnyresFeatures(image), options);

    /// <summary>
    /// One forward pass. <paramref name="inputIds"/> [B, T] (int64) holds <see cref="LlavaConfig.ImageTokenIndex"/> at each image
    /// position, already expanded to <see cref="LlavaConfig.ImageTokensPerImage"/> per image; their embeddings are replaced, in
    /// order, by the image features of <paramref name="pixelValues"/> [B, C, H, W] (one image per sequence). Gradients flow unless
    /// the caller wraps the call in <c>torch.no_grad()</c>.
    /// </summary>
    /// <exception cref="PidInputException">Image-token count and images disagree, or a token id is outside the vocabulary.</exception>
    public LlavaOutput Forward(Tensor inputIds, Tensor? pixelValues, LlavaForwardOptions? options = null)
    {
        if (pixelValues is not null && image_newline is not null)
            throw new PidInputException("a LLaVA-1.6 (anyres) model takes its image as AnyresPixels, not one pixel tensor.");
        return Run(inputIds, pixelValues is null ? null : () => ImageFeatures(pixelValues), options);
    }

    LlavaOutput Run(Tensor inputIds, Func<Tensor>? imageFeatures, LlavaForwardOptions? options)
    {
        options ??= new LlavaForwardOptions();
        if (inputIds.dim() != 2)
            throw new PidInputException($"input_ids: expected shape [batch, tokens], got [{string.Join(", ", inputIds.shape)}].");
        using var scope = NewDisposeScope();
        var ids = inputIds.to(ScalarType.Int64, Device);
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
        if (imageFeatures is not null)
        {
            features = imageFeatures();
            long expected = features.shape[0] * features.shape[1];
            if (imageTokens != expected)
                throw new PidInputException($"input_ids: {imageTokens} image tokens (id {Config.ImageTokenIndex}) but {features.shape[0]} image(s) give {expected} features ({features.shape[1]} per image).");
            embeds = embeds.masked_scatter(isImage.unsqueeze(-1).expand_as(embeds), features.to(embeds.dtype));
        }
        else if (imageTokens != 0)
            throw new PidInputException($"input_ids: {imageTokens} image tokens (id {Config.ImageTokenIndex}) but no pixel values.");

        var hidden = options.HiddenStates ? new List<Tensor>() : null;
        var last = language_model.Decoder.Run(embeds, options.Knockout, hidden, options.OnBlock);
        // Outputs go back to the caller's device (a no-op when the model runs there too).
        var home = inputIds.device;
        var logits = language_model.Head(options.AllPositions ? last : last[.., -1]).to(ScalarType.Float32, home);
        logits.MoveToOuterDisposeScope();
        hidden = hidden?.Select(h => h.to(home).MoveToOuterDisposeScope()).ToList();
        features = features?.to(home).MoveToOuterDisposeScope();
        return new LlavaOutput(logits, hidden, features);
    }
}

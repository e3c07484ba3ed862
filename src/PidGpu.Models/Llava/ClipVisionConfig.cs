namespace PidGpu.Models.Llava;

/// <summary>The CLIP ViT vision tower's shape (<c>vision_config</c> of a Hugging Face LLaVA <c>config.json</c>).</summary>
public sealed record ClipVisionConfig(
    int HiddenSize, int IntermediateSize, int NumHiddenLayers, int NumAttentionHeads,
    int ImageSize, int PatchSize, double LayerNormEps, string HiddenAct = "quick_gelu", int NumChannels = 3)
{
    /// <summary>Patches per image side.</summary>
    public int PatchesPerSide => ImageSize / PatchSize;

    /// <summary>Patch tokens per image (without the class token).</summary>
    public int NumPatches => PatchesPerSide * PatchesPerSide;

    /// <summary>Position-embedding rows: patches plus the class token.</summary>
    public int NumPositions => NumPatches + 1;

    public int HeadDim => HiddenSize / NumAttentionHeads;

    internal static ClipVisionConfig Parse(ConfigJson json)
    {
        // Absent fields take CLIPVisionConfig's defaults, as transformers does (real LLaVA configs omit many).
        json.OneOf("model_type", "clip_vision_model", "clip_vision_model");
        var c = new ClipVisionConfig(
            json.PositiveInt("hidden_size", 768), json.PositiveInt("intermediate_size", 3072),
            json.PositiveInt("num_hidden_layers", 12), json.PositiveInt("num_attention_heads", 12),
            json.PositiveInt("image_size", 224), json.PositiveInt("patch_size", 32),
            json.PositiveDouble("layer_norm_eps", 1e-5), json.OneOf("hidden_act", "quick_gelu", "quick_gelu", "gelu"),
            json.PositiveInt("num_channels", 3));
        if (c.HiddenSize % c.NumAttentionHeads != 0)
            throw new PidInputException($"config.json: '{json.Path}.hidden_size' ({c.HiddenSize}) is not divisible by '{json.Path}.num_attention_heads' ({c.NumAttentionHeads}).");
        if (c.ImageSize % c.PatchSize != 0)
            throw new PidInputException($"config.json: '{json.Path}.image_size' ({c.ImageSize}) is not divisible by '{json.Path}.patch_size' ({c.PatchSize}).");
        return c;
    }
}

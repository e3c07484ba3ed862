using System.Text;
using System.Text.Json;
using PidGpu.Inputs.Vision;

namespace PidGpu.Models.Llava;

/// <summary>
/// A Hugging Face <c>LlavaForConditionalGeneration</c> <c>config.json</c> (model_type "llava"), or with
/// <see cref="ImageGridPinpoints"/> a <c>LlavaNextForConditionalGeneration</c> one (model_type "llava_next", LLaVA-1.6 anyres).
/// Fields a real checkpoint omits take the transformers class defaults; a present field of the wrong type,
/// an unsupported value, or a missing <c>vision_config</c>/<c>text_config</c> is a <see cref="PidInputException"/> naming it.
/// </summary>
public sealed record LlavaConfig(
    ClipVisionConfig Vision, LlamaTextConfig Text, int ImageTokenIndex, int VisionFeatureLayer,
    string VisionFeatureSelectStrategy = "default", string ProjectorHiddenAct = "gelu")
{
    /// <summary>The transformers class defaults of <c>LlavaNextConfig.image_grid_pinpoints</c>, [height, width].</summary>
    public static IReadOnlyList<GridPinpoint> DefaultPinpoints { get; } = [new(336, 672), new(672, 336), new(672, 672), new(1008, 336), new(336, 1008)];

    /// <summary>LLaVA-1.6's anyres resolutions; null for LLaVA-1.5.</summary>
    public IReadOnlyList<GridPinpoint>? ImageGridPinpoints { get; init; }

    /// <summary>True for a <c>LlavaNextForConditionalGeneration</c> (anyres tiles, <c>image_newline</c>).</summary>
    public bool IsAnyres => ImageGridPinpoints is not null;

    /// <summary>The transformers class this configuration describes.</summary>
    public string Architecture => IsAnyres ? "LlavaNextForConditionalGeneration" : "LlavaForConditionalGeneration";

    /// <summary>Image tokens per image in <c>input_ids</c> for LLaVA-1.5: patches, plus the class token with the "full" strategy.
    /// LLaVA-1.6's count depends on the image size (<see cref="AnyresLayout.Positions"/>).</summary>
    public int ImageTokensPerImage => Vision.NumPatches + (VisionFeatureSelectStrategy == "full" ? 1 : 0);

    public static LlavaConfig Load(string directory)
    {
        string path = Path.Combine(directory, "config.json");
        if (!File.Exists(path))
            throw new PidInputException($"{path}: no config.json in the checkpoint directory.");
        return Parse(File.ReadAllText(path));
    }

    public static LlavaConfig Parse(string json)
    {
        try { return ParseJson(json); }
        catch (InvalidOperationException ex) // System.Text.Json cannot read a name or string: an unpaired surrogate escape
        {
            throw new PidInputException($"config.json: a name or string is not valid text (an unpaired surrogate escape such as \\ud800?): {ex.Message}", ex);
        }
    }

    static LlavaConfig ParseJson(string json)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException ex) { throw new PidInputException($"config.json: malformed JSON: {ex.Message}", ex); }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new PidInputException("config.json: the JSON must be an object.");
            var root = new ConfigJson(doc.RootElement, "");
            bool next = root.OneOf("model_type", "llava", "llava", "llava_next") == "llava_next";
            var vision = ClipVisionConfig.Parse(root.Object("vision_config"));
            var text = LlamaTextConfig.Parse(root.Object("text_config"));
            // Newer transformers write image_token_id; older ones image_token_index.
            int imageToken = root.Has("image_token_index") ? root.Int("image_token_index") : root.Int("image_token_id", 32000);
            if (imageToken < 0)
                throw new PidInputException($"config.json: 'image_token_index' must be non-negative, got {imageToken}.");
            int layer = root.Int("vision_feature_layer", -2);
            int resolved = layer < 0 ? layer + vision.NumHiddenLayers + 1 : layer;
            if (resolved < 0 || resolved > vision.NumHiddenLayers)
                throw new PidInputException($"config.json: 'vision_feature_layer' {layer} is outside the vision tower's {vision.NumHiddenLayers + 1} hidden states.");
            string strategy = root.OneOf("vision_feature_select_strategy", "default", "default", "full");
            string act = root.OneOf("projector_hidden_act", "gelu", "gelu");
            if (!next) return new LlavaConfig(vision, text, imageToken, layer, strategy, act);
            // LlavaNext's feature packing views each tile's features as a square grid, so the class token cannot stay.
            if (strategy != "default")
                throw new PidInputException("config.json: 'vision_feature_select_strategy' must be 'default' for llava_next (anyres tiles drop the class token).");
            var pinpoints = root.PositivePairs("image_grid_pinpoints")?.Select(p => new GridPinpoint(p.A, p.B)).ToArray() ?? DefaultPinpoints;
            if (vision.ImageSize % vision.PatchSize != 0)
                throw new PidInputException($"config.json: vision image_size {vision.ImageSize} is not a multiple of patch_size {vision.PatchSize}.");
            foreach (var p in pinpoints)
                if (p.Height % vision.ImageSize != 0 || p.Width % vision.ImageSize != 0)
                    throw new PidInputException($"config.json: image_grid_pinpoints entry [{p.Height}, {p.Width}] is not a multiple of the vision image_size {vision.ImageSize}.");
            return new LlavaConfig(vision, text, imageToken, layer, strategy, act) { ImageGridPinpoints = pinpoints };
        }
    }

    /// <summary>This configuration as a Hugging Face <c>config.json</c> (older key spelling, loadable by transformers).</summary>
    public string ToJson()
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("architectures"); w.WriteStringValue(Architecture); w.WriteEndArray();
            w.WriteString("model_type", IsAnyres ? "llava_next" : "llava");
            if (ImageGridPinpoints is { } pinpoints)
            {
                w.WriteStartArray("image_grid_pinpoints");
                foreach (var p in pinpoints)
                {
                    w.WriteStartArray(); w.WriteNumberValue(p.Height); w.WriteNumberValue(p.Width); w.WriteEndArray();
                }
                w.WriteEndArray();
            }
            w.WriteNumber("image_token_index", ImageTokenIndex);
            w.WriteNumber("vision_feature_layer", VisionFeatureLayer);
            w.WriteString("vision_feature_select_strategy", VisionFeatureSelectStrategy);
            w.WriteString("projector_hidden_act", ProjectorHiddenAct);
            w.WriteStartObject("vision_config");
            w.WriteString("model_type", "clip_vision_model");
            w.WriteNumber("hidden_size", Vision.HiddenSize);
            w.WriteNumber("intermediate_size", Vision.IntermediateSize);
            w.WriteNumber("num_hidden_layers", Vision.NumHiddenLayers);
            w.WriteNumber("num_attention_heads", Vision.NumAttentionHeads);
            w.WriteNumber("num_channels", Vision.NumChannels);
            w.WriteNumber("image_size", Vision.ImageSize);
            w.WriteNumber("patch_size", Vision.PatchSize);
            w.WriteNumber("layer_norm_eps", Vision.LayerNormEps);
            w.WriteString("hidden_act", Vision.HiddenAct);
            w.WriteEndObject();
            w.WriteStartObject("text_config");
            w.WriteString("model_type", "llama");
            w.WriteNumber("hidden_size", Text.HiddenSize);
            w.WriteNumber("intermediate_size", Text.IntermediateSize);
            w.WriteNumber("num_hidden_layers", Text.NumHiddenLayers);
            w.WriteNumber("num_attention_heads", Text.NumAttentionHeads);
            w.WriteNumber("num_key_value_heads", Text.NumKeyValueHeads);
            w.WriteNumber("rms_norm_eps", Text.RmsNormEps);
            w.WriteNumber("rope_theta", Text.RopeTheta);
            w.WriteNumber("vocab_size", Text.VocabSize);
            w.WriteNumber("max_position_embeddings", Text.MaxPositionEmbeddings);
            w.WriteBoolean("tie_word_embeddings", false);
            w.WriteString("hidden_act", "silu");
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

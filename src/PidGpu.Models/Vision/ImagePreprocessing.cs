using System.Text.Json;
using PidGpu.Inputs.Vision;
using PidGpu.Models.Llava;

namespace PidGpu.Models.Vision;

/// <summary>
/// The image processor of a model directory: <c>preprocessor_config.json</c>'s <c>size.shortest_edge</c>,
/// <c>crop_size</c>, <c>rescale_factor</c>, <c>image_mean</c> and <c>image_std</c> when the file is there (llava-hf: 336, 336, CLIP's), else the
/// vision tower's own image size with CLIP's mean and std. The crop must be the tower's image size.
/// <c>"image_aspect_ratio": "pad"</c> (the original LLaVA repository's setting, from its config.json; here in
/// preprocessor_config.json) turns on <see cref="LlavaImageProcessor.PadToSquare"/>; the llava-hf files have no such key.
/// </summary>
public static class ImagePreprocessing
{
    public const string FileName = LlavaImageProcessor.ConfigFileName;

    public static LlavaImageProcessor Read(string directory, ClipVisionConfig vision)
    {
        string path = Path.Combine(directory, FileName);
        var processor = new LlavaImageProcessor(vision.ImageSize, vision.ImageSize);
        if (File.Exists(path))
        {
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object) throw new PidInputException($"{path}: not a JSON object.");
                processor = new LlavaImageProcessor(Edge(root, "size", "shortest_edge", path) ?? vision.ImageSize, Edge(root, "crop_size", "height", path) ?? vision.ImageSize)
                {
                    Mean = Triple(root, "image_mean", path) ?? processor.Mean,
                    Std = Triple(root, "image_std", path) ?? processor.Std,
                    RescaleFactor = Factor(root, "rescale_factor", path) ?? processor.RescaleFactor,
                    PadToSquare = AspectRatio(root, path),
                };
            }
            catch (JsonException e)
            {
                throw new PidInputException($"{path}: malformed JSON: {e.Message}", e);
            }
        }
        if (processor.CropSize != vision.ImageSize)
            throw new PidInputException($"{path}: crop size {processor.CropSize} is not the vision tower's image_size {vision.ImageSize}.");
        return processor;
    }

    // "size": 336 or {"shortest_edge": 336}; "crop_size": 336 or {"height": 336, "width": 336}.
    static int? Edge(JsonElement root, string field, string inner, string path)
    {
        if (!root.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.Object && v.TryGetProperty(inner, out var e)) v = e;
        return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int n) && n > 0 ? n
            : throw new PidInputException($"{path}: '{field}' must be a positive integer or hold '{inner}', got {v.GetRawText()}.");
    }

    // The original LLaVA repository's image_aspect_ratio: "pad" pads to a square of the mean colour first; other values leave the image.
    static bool AspectRatio(JsonElement root, string path)
    {
        const string field = "image_aspect_ratio";
        if (!root.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null) return false;
        return v.ValueKind == JsonValueKind.String && v.GetString() is { } s ? s == "pad"
            : throw new PidInputException($"{path}: '{field}' must be a string (\"pad\" pads to a square), got {v.GetRawText()}.");
    }

    static double? Factor(JsonElement root, string field, string path)
    {
        if (!root.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return v.ValueKind == JsonValueKind.Number && v.GetDouble() is var f && f > 0 && double.IsFinite(f) ? f
            : throw new PidInputException($"{path}: '{field}' must be a positive number, got {v.GetRawText()}.");
    }

    static double[]? Triple(JsonElement root, string field, string path)
    {
        if (!root.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() != 3 || v.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.Number))
            throw new PidInputException($"{path}: '{field}' must be 3 numbers, got {v.GetRawText()}.");
        return v.EnumerateArray().Select(x => x.GetDouble()).ToArray();
    }
}

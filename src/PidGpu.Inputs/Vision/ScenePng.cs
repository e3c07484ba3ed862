using System.Text.Json;
using System.Text.Json.Nodes;
using PidGpu.Formats;
using PidGpu.Inputs.Scenes;

namespace PidGpu.Inputs.Vision;

/// <summary>Scene images for inspection and CLIP-normalised model input.</summary>
public static class ScenePng
{
    /// <summary>Saves the scene as a PNG, enlarged <paramref name="scale"/> times (nearest neighbour).</summary>
    public static void Save(Scene scene, string path, int scale = 8) =>
        ImageFiles.SavePng(scene.Rgb, scene.Width, scene.Height, path, scale);

    /// <summary>
    /// The image processor of the scene models (what their <c>preprocessor_config.json</c> says): CLIP mean and std, the
    /// scene's own size (so no resampling) and the float32 rescale (<see cref="LlavaImageProcessor.SinglePrecisionRescale"/>).
    /// </summary>
    public static LlavaImageProcessor Processor(int side) => new(side, side) { RescaleFactor = LlavaImageProcessor.SinglePrecisionRescale };

    /// <summary>
    /// Writes dir/preprocessor_config.json describing <see cref="Processor"/> as Hugging Face's <c>CLIPImageProcessor</c> reads it
    /// (shortest edge and crop <paramref name="side"/>, bicubic, the float32 rescale factor, CLIP mean and std), so transformers and
    /// pidgpu's question commands both give the pixels the model was trained on; returns the path.
    /// </summary>
    public static string WritePreprocessorConfig(string directory, int side)
    {
        var processor = Processor(side);
        var document = new JsonObject
        {
            ["crop_size"] = new JsonObject { ["height"] = side, ["width"] = side },
            ["do_center_crop"] = true,
            ["do_convert_rgb"] = true,
            ["do_normalize"] = true,
            ["do_rescale"] = true,
            ["do_resize"] = true,
            ["image_mean"] = new JsonArray([.. processor.Mean.Select(m => JsonValue.Create(m))]),
            ["image_processor_type"] = "CLIPImageProcessor",
            ["image_std"] = new JsonArray([.. processor.Std.Select(s => JsonValue.Create(s))]),
            ["resample"] = 3, // PIL.Image.BICUBIC
            ["rescale_factor"] = processor.RescaleFactor,
            ["size"] = new JsonObject { ["shortest_edge"] = side },
        };
        string path = Path.Combine(directory, LlavaImageProcessor.ConfigFileName);
        AtomicFile.WriteAllText(path, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        return path;
    }

    /// <summary>The scene at its own size, CLIP-normalised: float[3, H, W] flattened CHW, as <see cref="Processor"/> gives it.</summary>
    public static float[] ToClipInput(Scene scene) =>
        Processor(scene.Height).Preprocess(new RgbImage(scene.Width, scene.Height, scene.Rgb));
}

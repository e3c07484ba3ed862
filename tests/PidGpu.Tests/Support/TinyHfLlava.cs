using System.Text.Json;
using PidGpu.Formats.Arrays;
using PidGpu.Models.Llava;
using SkiaSharp;
using TorchSharp;

namespace PidGpu.Tests.Support;

/// <summary>
/// A tiny LLaVA-1.5 model directory in the Hugging Face layout with the real llava-hf tokenizer (32,064-row vocabulary,
/// <c>&lt;image&gt;</c> = 32000): CLIP 2 layers width 32 on 16×16 images in 4×4 patches (16 image positions), Llama 2 layers
/// width 48; random weights written by <see cref="LlavaCheckpoint.Save"/>. Plus a GQA-format question file whose images are
/// JPEGs of several sizes written through SkiaSharp.
/// </summary>
internal static class TinyHfLlava
{
    public const int ImagePositions = 16, Vocab = 32064, ImageToken = 32000, Width = 48, Layers = 2;

    public static LlavaConfig Config { get; } = new(
        new ClipVisionConfig(32, 64, 2, 4, 16, 4, 1e-5),
        new LlamaTextConfig(Width, 96, Layers, 4, 2, 1e-6, 10000, Vocab, 512),
        ImageToken, VisionFeatureLayer: -2);

    /// <summary>Writes config.json, the weights (seeded) and the tokenizer files into <paramref name="dir"/>.</summary>
    public static void Write(string dir, int seed, ArrayDType dtype = ArrayDType.Float32)
    {
        torch.manual_seed(seed);
        using (var model = new LlavaModel(Config))
            LlavaCheckpoint.Save(model, dir, dtype: dtype);
        foreach (var file in Directory.GetFiles(RepoReference.LlavaTokenizer, "*.json"))
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)), overwrite: true);
    }

    /// <summary>One GQA question: (qid, imageId, question, answer, detailed type).</summary>
    public sealed record Question(string Qid, string ImageId, string Text, string Answer, string Detailed);

    /// <summary>Writes <c>questions.json</c> in GQA's format and each distinct image as a JPEG of its own size under <c>images/</c>.</summary>
    public static (string Questions, string Images) WriteGqa(string dir, IReadOnlyList<Question> questions, IReadOnlyDictionary<string, (int W, int H)> images)
    {
        string folder = Path.Combine(dir, "images");
        Directory.CreateDirectory(folder);
        uint seed = 1;
        foreach (var (id, (w, h)) in images)
            WriteJpeg(Path.Combine(folder, id + ".jpg"), w, h, seed++);
        var map = questions.ToDictionary(q => q.Qid, q => new
        {
            imageId = q.ImageId,
            question = q.Text,
            answer = q.Answer,
            types = new { detailed = q.Detailed, semantic = "attr", structural = q.Detailed == "queryAttr" ? "query" : "choose" },
        });
        string path = Path.Combine(dir, "questions.json");
        File.WriteAllText(path, JsonSerializer.Serialize(map));
        return (path, folder);
    }

    public static void WriteJpeg(string path, int width, int height, uint seed)
    {
        var rgb = LcgPixels.Generate(width, height, seed);
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var pixels = bitmap.GetPixelSpan();
        for (int i = 0; i < width * height; i++)
        {
            pixels[4 * i] = rgb[3 * i];
            pixels[4 * i + 1] = rgb[3 * i + 1];
            pixels[4 * i + 2] = rgb[3 * i + 2];
            pixels[4 * i + 3] = 255;
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        using var file = File.Create(path);
        data.SaveTo(file);
    }
}

using SkiaSharp;

namespace PidGpu.Models.Vision;

/// <summary>
/// CLIP image preprocessing as in Hugging Face's <c>CLIPImageProcessor</c>: resize so the shortest side is
/// <see cref="ShortestEdge"/> (bicubic; long side = floor(size · long / short)), centre crop to
/// <see cref="CropSize"/> (top = (h − crop) / 2, integer division), rescale by 1/255, normalise with
/// <see cref="Mean"/> / <see cref="Std"/>; output float[3, crop, crop] flattened CHW. Resampling is Skia's
/// Catmull-Rom cubic (PIL's bicubic kernel) without PIL's extra low-pass when shrinking, so strongly
/// downscaled photos differ from HF by a few grey levels; an image already at the size is not resampled.
/// Alpha is dropped (as PIL's convert("RGB")).
/// For Hugging Face checkpoints use <see cref="LlavaImageProcessor"/>, which reproduces Pillow exactly; this one
/// keeps the scene models' inputs (never resampled) as they were trained.
/// </summary>
public sealed record ClipImageProcessor(int ShortestEdge = 336, int CropSize = 336)
{
    /// <summary>OpenAI CLIP channel means (image_mean of every llava-1.5 checkpoint).</summary>
    public static IReadOnlyList<float> Mean { get; } = [0.48145466f, 0.4578275f, 0.40821073f];

    /// <summary>OpenAI CLIP channel standard deviations (image_std).</summary>
    public static IReadOnlyList<float> Std { get; } = [0.26862954f, 0.26130258f, 0.27577711f];

    /// <summary>Reads and preprocesses an image file (PNG, JPEG, ...).</summary>
    public float[] Preprocess(string path)
    {
        using var bitmap = ImageFiles.Read(path);
        return Preprocess(bitmap, path);
    }

    /// <summary>Preprocesses RGB bytes in HWC order (e.g. <see cref="Scenes.Scene.Rgb"/>).</summary>
    public float[] Preprocess(byte[] rgb, int width, int height)
    {
        using var bitmap = ImageFiles.FromRgb(rgb, width, height);
        return Preprocess(bitmap, "RGB buffer");
    }

    /// <summary>Preprocesses a decoded bitmap; <paramref name="name"/> names it in errors.</summary>
    public float[] Preprocess(SKBitmap bitmap, string name = "image")
    {
        if (ShortestEdge < 1 || CropSize < 1 || CropSize > ShortestEdge)
            throw new PidInputException($"CLIP sizes: shortest edge {ShortestEdge} and crop {CropSize} must be positive with crop <= shortest edge");
        int w = bitmap.Width, h = bitmap.Height;
        if (w < 1 || h < 1)
            throw new PidInputException($"{name} has no pixels ({w}x{h})");
        var (rw, rh) = w <= h
            ? (ShortestEdge, (int)((long)ShortestEdge * h / w))
            : ((int)((long)ShortestEdge * w / h), ShortestEdge);
        var info = new SKImageInfo(rw, rh, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var resized = new SKBitmap(info);
        var sampling = rw == w && rh == h
            ? new SKSamplingOptions(SKFilterMode.Nearest) // same size: a format conversion only
            : new SKSamplingOptions(SKCubicResampler.CatmullRom);
        if (!bitmap.ScalePixels(resized, sampling))
            throw new PidInputException($"{name} could not be resized to {rw}x{rh}");

        int top = (rh - CropSize) / 2, left = (rw - CropSize) / 2, plane = CropSize * CropSize;
        var pixels = resized.GetPixelSpan();
        var chw = new float[3 * plane];
        for (int y = 0; y < CropSize; y++)
            for (int x = 0; x < CropSize; x++)
            {
                int src = ((top + y) * rw + left + x) * 4;
                for (int c = 0; c < 3; c++)
                    chw[c * plane + y * CropSize + x] = (pixels[src + c] * (1f / 255f) - Mean[c]) / Std[c];
            }
        return chw;
    }
}

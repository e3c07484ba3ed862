using SkiaSharp;

namespace PidGpu.Inputs.Vision;

/// <summary>Image reading and PNG writing through SkiaSharp; unreadable files are a PidInputException naming the file.</summary>
public static class ImageFiles
{
    /// <summary>Decodes an image file; the caller disposes the bitmap.</summary>
    public static SKBitmap Read(string path)
    {
        if (!File.Exists(path))
            throw new PidInputException($"image file '{path}' does not exist");
        SKBitmap? bitmap;
        try
        {
            bitmap = SKBitmap.Decode(path);
        }
        catch (Exception e)
        {
            throw new PidInputException($"image file '{path}' cannot be decoded: {e.Message}", e);
        }
        return bitmap ?? throw new PidInputException($"image file '{path}' is not a readable image (corrupt or unsupported format)");
    }

    /// <summary>An opaque bitmap from RGB bytes in HWC order; the caller disposes it.</summary>
    public static SKBitmap FromRgb(byte[] rgb, int width, int height)
    {
        if (width < 1 || height < 1 || rgb.Length != width * height * 3)
            throw new PidInputException($"RGB buffer of {rgb.Length} bytes does not hold a {width}x{height} image (needs {3L * width * height})");
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var pixels = bitmap.GetPixelSpan();
        for (int i = 0; i < width * height; i++)
        {
            pixels[i * 4] = rgb[i * 3];
            pixels[i * 4 + 1] = rgb[i * 3 + 1];
            pixels[i * 4 + 2] = rgb[i * 3 + 2];
            pixels[i * 4 + 3] = 255;
        }
        return bitmap;
    }

    /// <summary>Writes RGB bytes as a PNG, each pixel enlarged to a <paramref name="scale"/>² block (nearest).</summary>
    public static void SavePng(byte[] rgb, int width, int height, string path, int scale = 1)
    {
        if (scale < 1)
            throw new PidInputException($"PNG scale {scale} must be at least 1");
        using var bitmap = FromRgb(rgb, width, height);
        using var scaled = new SKBitmap(new SKImageInfo(width * scale, height * scale, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        if (!bitmap.ScalePixels(scaled, new SKSamplingOptions(SKFilterMode.Nearest)))
            throw new PidInputException($"image for '{path}' could not be scaled by {scale}");
        using var data = scaled.Encode(SKEncodedImageFormat.Png, 100);
        if (data is null)
            throw new PidInputException($"PNG encoding failed for '{path}'");
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null)
            Directory.CreateDirectory(dir);
        using var file = File.Create(path);
        data.SaveTo(file);
    }
}

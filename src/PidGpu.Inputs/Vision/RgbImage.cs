using SkiaSharp;

namespace PidGpu.Inputs.Vision;

/// <summary>
/// An 8-bit RGB image, pixels in HWC order: the form Pillow's <c>convert("RGB")</c> hands to Hugging Face's
/// image processors. Decoding keeps colour values unpremultiplied and drops alpha, as Pillow does; Skia's JPEG and
/// PNG decoders give Pillow's bytes exactly on the files of tests/PidGpu.Tests/Reference/images.
/// </summary>
public sealed class RgbImage
{
    public RgbImage(int width, int height, byte[] pixels)
    {
        if (width < 1 || height < 1 || pixels.Length != 3L * width * height)
            throw new PidInputException($"RGB buffer of {pixels.Length} bytes does not hold a {width}x{height} image (needs {3L * width * height})");
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>R, G, B bytes, row after row.</summary>
    public byte[] Pixels { get; }

    /// <summary>Decodes a JPEG or PNG (any format Skia reads); a missing or undecodable file is a PidInputException naming it.</summary>
    public static RgbImage Read(string path)
    {
        if (!File.Exists(path))
            throw new PidInputException($"image file '{path}' does not exist");
        using var codec = SKCodec.Create(path)
            ?? throw new PidInputException($"image file '{path}' is not a readable image (corrupt or unsupported format)");
        // Unpremultiplied RGBA, no colour-space conversion: the bytes Pillow decodes.
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success) // a truncated file too: Pillow refuses it by default
            throw new PidInputException($"image file '{path}' cannot be decoded: {result}");
        return FromRgba(bitmap.GetPixelSpan(), info.Width, info.Height);
    }

    /// <summary>Drops the alpha byte of RGBA pixels.</summary>
    public static RgbImage FromRgba(ReadOnlySpan<byte> rgba, int width, int height)
    {
        var rgb = new byte[3 * width * height];
        for (int i = 0, n = width * height; i < n; i++)
        {
            rgb[3 * i] = rgba[4 * i];
            rgb[3 * i + 1] = rgba[4 * i + 1];
            rgb[3 * i + 2] = rgba[4 * i + 2];
        }
        return new RgbImage(width, height, rgb);
    }

    /// <summary>
    /// The original LLaVA repository's <c>expand2square</c>: the image pasted on a square of
    /// <paramref name="background"/>, centred along the longer side (offset (long − short) / 2, integer division).
    /// </summary>
    public RgbImage PadToSquare(ReadOnlySpan<byte> background)
    {
        if (background.Length != 3)
            throw new PidInputException($"pad colour needs 3 channels, got {background.Length}");
        if (Width == Height)
            return this;
        int side = Math.Max(Width, Height), left = (side - Width) / 2, top = (side - Height) / 2;
        var square = new byte[3 * side * side];
        for (int i = 0; i < side * side; i++)
            background.CopyTo(square.AsSpan(3 * i, 3));
        for (int y = 0; y < Height; y++)
            Pixels.AsSpan(3 * y * Width, 3 * Width).CopyTo(square.AsSpan(3 * ((top + y) * side + left)));
        return new RgbImage(side, side, square);
    }
}

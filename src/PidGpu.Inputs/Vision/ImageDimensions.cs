using SkiaSharp;

namespace PidGpu.Inputs.Vision;

/// <summary>An image file's size from its header alone (no pixels decoded): what LLaVA-1.6's position count needs.</summary>
public static class ImageDimensions
{
    /// <summary>Width and height of a JPEG or PNG; a missing or unreadable file is a PidInputException naming it.</summary>
    public static (int Width, int Height) Read(string path)
    {
        if (!File.Exists(path))
            throw new PidInputException($"image file '{path}' does not exist");
        using var codec = SKCodec.Create(path)
            ?? throw new PidInputException($"image file '{path}' is not a readable image (corrupt or unsupported format)");
        return (codec.Info.Width, codec.Info.Height);
    }
}

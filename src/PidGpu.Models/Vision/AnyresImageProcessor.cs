namespace PidGpu.Models.Vision;

/// <summary>
/// LLaVA-1.6's anyres preprocessing as Hugging Face's <c>LlavaNextImageProcessor</c> does it: pick the best
/// <see cref="Pinpoints"/> resolution (<see cref="AnyresLayout.BestResolution"/>), resize the image into it keeping its aspect
/// ratio (<see cref="AnyresLayout.FitInside"/>, Pillow bicubic on 8-bit pixels), pad it to that resolution with black (0)
/// centred (the odd pixel after, as transformers' <c>_pad_for_patching</c> now does), cut tiles of the crop size row by row;
/// the base image is the whole image resized (not cropped) to crop × crop. The base image comes first; each of the
/// 336 × 336 pieces is then normalised as <see cref="Tile"/>'s processor does (its resize and crop leave them unchanged).
/// </summary>
public sealed record AnyresImageProcessor(LlavaImageProcessor Tile, IReadOnlyList<GridPinpoint> Pinpoints, int PatchSize)
{
    /// <summary>The layout of an image of this size (no pixels needed).</summary>
    public AnyresLayout Layout(int height, int width) => AnyresLayout.For(height, width, Pinpoints, Tile.CropSize, PatchSize);

    /// <summary>Reads (JPEG, PNG) and preprocesses an image file.</summary>
    public AnyresPixels Preprocess(string path) => Preprocess(RgbImage.Read(path));

    /// <summary>Base image then tiles, each float[3, crop, crop] CHW, concatenated.</summary>
    public AnyresPixels Preprocess(RgbImage image)
    {
        if (Tile.PadToSquare || Tile.ShortestEdge != Tile.CropSize)
            throw new PidInputException($"anyres needs shortest edge = crop size without pad to square (got {Tile.ShortestEdge}, {Tile.CropSize})");
        var layout = Layout(image.Height, image.Width);
        int crop = Tile.CropSize, plane = 3 * crop * crop;
        var pixels = new float[(1 + layout.Tiles) * plane];
        Tile.Preprocess(PillowBicubic.Resize(image, crop, crop)).CopyTo(pixels, 0);
        var padded = Padded(image, layout.Best);
        for (int r = 0; r < layout.TileRows; r++)
            for (int c = 0; c < layout.TileColumns; c++)
                Tile.Preprocess(Cut(padded, r * crop, c * crop, crop)).CopyTo(pixels, (1 + r * layout.TileColumns + c) * plane);
        return new AnyresPixels(pixels, layout);
    }

    /// <summary>The image resized into <paramref name="target"/> and centred on a black canvas of that size.</summary>
    public static RgbImage Padded(RgbImage image, GridPinpoint target)
    {
        var (h, w) = AnyresLayout.FitInside(image.Height, image.Width, target);
        var resized = PillowBicubic.Resize(image, w, h);
        int top = (target.Height - h) / 2, left = (target.Width - w) / 2;
        var canvas = new byte[3 * target.Width * target.Height];
        for (int y = 0; y < h; y++)
            resized.Pixels.AsSpan(3 * y * w, 3 * w).CopyTo(canvas.AsSpan(3 * ((top + y) * target.Width + left)));
        return new RgbImage(target.Width, target.Height, canvas);
    }

    static RgbImage Cut(RgbImage image, int top, int left, int size)
    {
        var tile = new byte[3 * size * size];
        for (int y = 0; y < size; y++)
            image.Pixels.AsSpan(3 * ((top + y) * image.Width + left), 3 * size).CopyTo(tile.AsSpan(3 * y * size));
        return new RgbImage(size, size, tile);
    }
}

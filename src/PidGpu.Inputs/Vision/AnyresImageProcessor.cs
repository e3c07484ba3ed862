namespace PidGpu.Inputs.Vision;

/// <summary>
/// LLaVA-1.6's anyres preprocessing as Hugging Face's <c>LlavaNextImageProcessor</c> does it: pick the best
/// <see cref="Pinpoints"/> resolution (<see cref="AnyresLayout.BestResolution"/>), resize the image into it keeping its aspect
/// ratio (<see cref="AnyresLayout.FitInside"/>, Pillow bicubic on 8-bit pixels), pad it with black (0) by
/// (target − size) / 2 on both sides, cut tiles of the crop size row by row; the base image is the whole image resized (not
/// cropped) to crop × crop and comes first. Each piece then goes through <see cref="Tile"/>'s processor, whose resize and
/// crop leave a full tile unchanged. As in transformers 4.40–4.51 the padding is symmetric, so an odd remainder leaves the
/// padded image one pixel short and its last tile 335 wide (or high): that tile is resized to shortest edge 336 (336 × 337)
/// and centre-cropped from the top left, exactly what <c>_preprocess</c> does to it (later releases pad the odd pixel after).
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

    /// <summary>The image resized into <paramref name="target"/> with (target − size) / 2 black pixels on each side
    /// (<c>_pad_for_patching</c>): the target size, or one pixel less along a side whose remainder is odd.</summary>
    public static RgbImage Padded(RgbImage image, GridPinpoint target)
    {
        var (h, w) = AnyresLayout.FitInside(image.Height, image.Width, target);
        var resized = PillowBicubic.Resize(image, w, h);
        int top = (target.Height - h) / 2, left = (target.Width - w) / 2;
        int width = w + 2 * left, height = h + 2 * top;
        var canvas = new byte[3 * width * height];
        for (int y = 0; y < h; y++)
            resized.Pixels.AsSpan(3 * y * w, 3 * w).CopyTo(canvas.AsSpan(3 * ((top + y) * width + left)));
        return new RgbImage(width, height, canvas);
    }

    // divide_to_patches: the size × size window at (top, left), cut short at the image's edge.
    static RgbImage Cut(RgbImage image, int top, int left, int size)
    {
        int w = Math.Min(size, image.Width - left), h = Math.Min(size, image.Height - top);
        var tile = new byte[3 * w * h];
        for (int y = 0; y < h; y++)
            image.Pixels.AsSpan(3 * ((top + y) * image.Width + left), 3 * w).CopyTo(tile.AsSpan(3 * y * w));
        return new RgbImage(w, h, tile);
    }
}

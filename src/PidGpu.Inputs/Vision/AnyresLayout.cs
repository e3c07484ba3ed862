namespace PidGpu.Inputs.Vision;

/// <summary>
/// Where one image's anyres features go (LLaVA-1.6, Hugging Face <c>LlavaNextImageProcessor</c> + <c>LlavaNextForConditionalGeneration</c>):
/// the best pinpoint resolution, the tile grid it makes, and the feature grid left after <c>unpad_image</c>. The sequence holds
/// the base image's <see cref="PatchesPerSide"/>² features first, then the unpadded grid row by row, each row followed by one
/// <c>image_newline</c>: <see cref="Positions"/> = side² + rows · (cols + 1).
/// </summary>
public sealed record AnyresLayout(int ImageHeight, int ImageWidth, GridPinpoint Best, int TileSize, int PatchesPerSide,
    int FeatureRows, int FeatureColumns)
{
    public int TileRows => Best.Height / TileSize;

    public int TileColumns => Best.Width / TileSize;

    /// <summary>Tiles cut from the padded best resolution (the base image not counted).</summary>
    public int Tiles => TileRows * TileColumns;

    public int BasePositions => PatchesPerSide * PatchesPerSide;

    /// <summary>First kept row of the tiles' feature grid (TileRows · side rows before unpadding).</summary>
    public int RowOffset => (TileRows * PatchesPerSide - FeatureRows) / 2;

    /// <summary>First kept column of the tiles' feature grid.</summary>
    public int ColumnOffset => (TileColumns * PatchesPerSide - FeatureColumns) / 2;

    /// <summary>Sequence positions <c>&lt;image&gt;</c> expands to: base features, then the unpadded grid with a newline per row.</summary>
    public int Positions => BasePositions + FeatureRows * (FeatureColumns + 1);

    /// <summary>The layout of an image of <paramref name="height"/> × <paramref name="width"/> pixels.</summary>
    /// <param name="tileSize">The vision tower's image size (336), which every pinpoint side must be a multiple of.</param>
    /// <param name="patchSize">The tower's patch size (14): a tile gives (tileSize / patchSize)² features.</param>
    public static AnyresLayout For(int height, int width, IReadOnlyList<GridPinpoint> pinpoints, int tileSize, int patchSize)
    {
        if (height < 1 || width < 1)
            throw new PidInputException($"image of {width}x{height} pixels has none to tile");
        var best = BestResolution(height, width, pinpoints);
        if (best.Height % tileSize != 0 || best.Width % tileSize != 0)
            throw new PidInputException($"image_grid_pinpoints entry [{best.Height}, {best.Width}] is not a multiple of the tile size {tileSize}");
        int side = tileSize / patchSize;
        var (rows, cols) = UnpaddedGrid(height, width, best.Height / tileSize * side, best.Width / tileSize * side);
        return new AnyresLayout(height, width, best, tileSize, side, rows, cols);
    }

    /// <summary>
    /// <c>select_best_resolution</c>: the pinpoint where the image, scaled to fit (scale = min of the two ratios, sides
    /// truncated to integers), keeps the most of its own pixels (capped at the original count); ties go to the least
    /// wasted area (pinpoint area − that count), then to the earlier entry.
    /// </summary>
    public static GridPinpoint BestResolution(int height, int width, IReadOnlyList<GridPinpoint> pinpoints)
    {
        if (pinpoints.Count == 0) throw new PidInputException("image_grid_pinpoints is empty");
        GridPinpoint? best = null;
        long bestEffective = -1, bestWasted = long.MaxValue;
        foreach (var p in pinpoints)
        {
            double scale = Math.Min((double)p.Width / width, (double)p.Height / height);
            long w = (long)(width * scale), h = (long)(height * scale);
            long effective = Math.Min(w * h, (long)width * height);
            long wasted = (long)p.Width * p.Height - effective;
            if (effective > bestEffective || (effective == bestEffective && wasted < bestWasted))
            {
                best = p;
                bestEffective = effective;
                bestWasted = wasted;
            }
        }
        return best!.Value;
    }

    /// <summary>
    /// The size the image is resized to inside <paramref name="target"/> (<c>get_patch_output_size</c>): the side with the
    /// smaller ratio fills the target, the other is ceil(side · ratio), capped at the target.
    /// </summary>
    public static (int Height, int Width) FitInside(int height, int width, GridPinpoint target)
    {
        double scaleW = (double)target.Width / width, scaleH = (double)target.Height / height;
        return scaleW < scaleH
            ? (Math.Min((int)Math.Ceiling(height * scaleW), target.Height), target.Width)
            : (target.Height, Math.Min((int)Math.Ceiling(width * scaleH), target.Width));
    }

    /// <summary>
    /// <c>unpad_image</c> on a feature grid of <paramref name="rows"/> × <paramref name="cols"/>: when the image is wider than
    /// the grid, rows = rows − 2 · ((rows − int(h · cols / w)) / 2), else the same on the columns. Products in doubles with
    /// int() truncation as transformers 4.40–4.45 do (later releases round to 7 decimals first, which differs only when the
    /// product falls within 1e-7 below an integer).
    /// </summary>
    public static (int Rows, int Columns) UnpaddedGrid(int height, int width, int rows, int cols)
    {
        double original = (double)width / height, current = (double)cols / rows;
        if (original > current)
        {
            int newRows = (int)(height * ((double)cols / width));
            return (rows - 2 * ((rows - newRows) / 2), cols);
        }
        int newCols = (int)(width * ((double)rows / height));
        return (rows, cols - 2 * ((cols - newCols) / 2));
    }
}

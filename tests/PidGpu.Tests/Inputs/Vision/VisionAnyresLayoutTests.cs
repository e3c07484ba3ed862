using PidGpu.Inputs.Vision;

namespace PidGpu.Tests;

/// <summary>
/// LLaVA-1.6 anyres position counts and layouts for llava-v1.6's real geometry (336-pixel tiles, 14-pixel patches: 24 × 24
/// features per tile; transformers' default pinpoints, [height, width]). Every expected value is worked out by hand below from
/// Hugging Face's algorithm (select_best_resolution, get_anyres_image_grid_shape, unpad_image, one newline per kept row),
/// not from our code. Notation: image W × H; a pinpoint (h, w) scales the image by s = min(w / W, h / H) and keeps
/// eff = min(int(W·s) · int(H·s), W·H) pixels; the largest eff wins, ties go to the smallest waste h·w − eff, then the first.
/// </summary>
public sealed class VisionAnyresLayoutTests
{
    static readonly GridPinpoint[] Pinpoints = [new(336, 672), new(672, 336), new(672, 672), new(1008, 336), new(336, 1008)];

    [Theory]
    // Square 500 × 500. (336,672): s = 0.672 → 336·336 = 112896; (672,336): same eff and waste, not better;
    // (672,672): s = 1.344 → 672·672 ≥ 250000 → eff 250000 (best); (1008,336), (336,1008): s = 0.672 → 112896.
    // Grid 2 × 2 tiles → 48 × 48 features; aspect 1 = 48/48, so columns: int(500 · 48/500) = 48, padding 0.
    // Positions 24² + 48 · (48 + 1) = 576 + 2352 = 2928.
    [InlineData(500, 500, 672, 672, 48, 48, 0, 0, 2928)]
    // Landscape 370 × 240 (W/H ≈ 1.54). (336,672): s = min(1.816, 1.4) = 1.4 → 518 · 336 ≥ 88800 → eff 88800, waste 136992;
    // (672,336): s = 336/370 → 336 · 217 = 72912; (672,672), (336,1008): eff 88800 but more waste; (1008,336): 72912.
    // Best (336,672): 1 × 2 tiles → 24 × 48 features. 1.54 < 48/24 = 2, so columns: int(370 · 24/240) = 37,
    // padding (48 − 37) / 2 = 5 each side → 48 − 10 = 38 columns from column 5. Positions 576 + 24 · 39 = 576 + 936 = 1512.
    [InlineData(370, 240, 336, 672, 24, 38, 0, 5, 1512)]
    // Portrait 300 × 700. (336,672): s = 0.48 → 144 · 336 = 48384; (672,336): s = 0.96 → 288 · 672 = 193536;
    // (672,672): s = 0.96 → 193536, more waste; (1008,336): s = min(1.12, 1.44) = 1.12 → 336 · 784 ≥ 210000 → eff 210000 (best);
    // (336,1008): s = 0.48 → 48384. Best (1008,336): 3 × 1 tiles → 72 × 24 features. 300/700 ≈ 0.43 > 24/72 ≈ 0.33, so rows:
    // int(700 · 24/300) = 56, padding (72 − 56) / 2 = 8 → 56 rows from row 8. Positions 576 + 56 · 25 = 576 + 1400 = 1976.
    [InlineData(300, 700, 1008, 336, 56, 24, 8, 0, 1976)]
    // Very small 40 × 30: every pinpoint upscales, so eff = 40 · 30 = 1200 for all; least waste h·w − 1200 is area 225792,
    // shared by (336,672) and (672,336): the first, (336,672), stays. 1 × 2 tiles → 24 × 48. 40/30 ≈ 1.33 < 2, so columns:
    // int(40 · 24/30) = 32, padding (48 − 32) / 2 = 8 → 32 columns from 8. Positions 576 + 24 · 33 = 576 + 792 = 1368.
    [InlineData(40, 30, 336, 672, 24, 32, 0, 8, 1368)]
    // Very large 4000 × 3000. (336,672): s = 0.112 → 448 · 336 = 150528; (672,336): s = 0.084 → 336 · 252 = 84672;
    // (672,672): s = 0.168 → 672 · 504 = 338688 (best); (1008,336): 84672; (336,1008): s = 0.112 → 150528.
    // 2 × 2 tiles → 48 × 48. 4/3 > 1, so rows: int(3000 · 48/4000) = 36, padding (48 − 36) / 2 = 6 → 36 rows from 6.
    // Positions 576 + 36 · 49 = 576 + 1764 = 2340.
    [InlineData(4000, 3000, 672, 672, 36, 48, 6, 0, 2340)]
    // Landscape 800 × 400 fills (336,672) exactly: s = 0.84 → 672 · 336 = 225792, waste 0 (best; (672,672) and (336,1008) keep
    // the same eff with waste). 1 × 2 tiles → 24 × 48; 2 = 48/24, so columns: int(800 · 24/400) = 48, padding 0.
    // Positions 576 + 24 · 49 = 576 + 1176 = 1752.
    [InlineData(800, 400, 336, 672, 24, 48, 0, 0, 1752)]
    public void PositionsAndLayout_MatchTheHandDerivedHfValues(int width, int height, int bestH, int bestW,
        int rows, int cols, int rowOffset, int colOffset, int positions)
    {
        var layout = AnyresLayout.For(height, width, Pinpoints, 336, 14);
        Assert.Equal(new GridPinpoint(bestH, bestW), layout.Best);
        Assert.Equal((bestH / 336) * (bestW / 336), layout.Tiles);
        Assert.Equal(576, layout.BasePositions);
        Assert.Equal((rows, cols), (layout.FeatureRows, layout.FeatureColumns));
        Assert.Equal((rowOffset, colOffset), (layout.RowOffset, layout.ColumnOffset));
        Assert.Equal(positions, layout.Positions);
        // Newlines: one per kept row, so positions − base − rows · cols = rows.
        Assert.Equal(rows, layout.Positions - 576 - rows * cols);
    }

    [Theory]
    // get_patch_output_size: 369 × 240 into (336, 672): 672/369 ≈ 1.82 ≥ 336/240 = 1.4, so height 336 and
    // width min(ceil(369 · 1.4), 672) = ceil(516.6) = 517.
    [InlineData(369, 240, 336, 672, 336, 517)]
    // 300 × 700 into (1008, 336): 336/300 = 1.12 < 1008/700 = 1.44, so width 336 and height min(ceil(700 · 1.12), 1008):
    // 784 in exact arithmetic, but transformers computes in doubles, where 700 · (336/300) = 784.0000000000001, so ceil gives 785.
    [InlineData(300, 700, 1008, 336, 785, 336)]
    // 4000 × 3000 into (672, 672): 0.168 < 0.224, so width 672 and height ceil(3000 · (672/4000)); the double product is
    // 504.00000000000006 (the double nearest 0.168 is slightly above it), so 505, as in Python.
    [InlineData(4000, 3000, 672, 672, 505, 672)]
    public void FitInside_IsHfPatchOutputSize(int width, int height, int targetH, int targetW, int h, int w) =>
        Assert.Equal((h, w), AnyresLayout.FitInside(height, width, new GridPinpoint(targetH, targetW)));

    [Fact]
    public void BadPinpoints_AreNamed()
    {
        Assert.Contains("empty", Assert.Throws<PidGpu.PidInputException>(() => AnyresLayout.For(10, 10, [], 336, 14)).Message);
        Assert.Contains("[300, 672]", Assert.Throws<PidGpu.PidInputException>(() => AnyresLayout.For(10, 10, [new(300, 672)], 336, 14)).Message);
    }
}

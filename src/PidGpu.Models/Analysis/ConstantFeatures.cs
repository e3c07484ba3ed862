namespace PidGpu.Models.Analysis;

/// <summary>
/// Features of a layer's states that do not vary over the analysed samples: a dead unit, or a dimension whose spread a
/// low-precision forward pass (bf16 keeps 8 significant bits) rounded away. A constant carries no information about
/// anything, so every atom is the same without it; unlike a user's matrix (where <c>decompose</c> asks to drop the column),
/// a model's activations cannot be edited, so the layer-wise route leaves such features out and says how many.
/// </summary>
internal static class ConstantFeatures
{
    /// <summary>Spread at or below this share of |mean| is float32 rounding (8 ulps), not signal; PCA's own check uses 1e-7.</summary>
    public const double RelativeSpread = 1e-6;

    /// <summary>The indices of the constant columns of the row-major [rows × d] matrix; none when any value is NaN or ±∞, so
    /// the estimators name that value by its column in the layer as captured.</summary>
    public static int[] Find(float[] data, int rows, int d)
    {
        foreach (float v in data)
            if (!float.IsFinite(v)) return [];
        var mean = new double[d];
        var spread = new double[d];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < d; c++) mean[c] += data[(long)r * d + c];
        for (int c = 0; c < d; c++) mean[c] /= rows;
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < d; c++)
            {
                double e = data[(long)r * d + c] - mean[c];
                spread[c] += e * e;
            }
        var constant = new List<int>();
        for (int c = 0; c < d; c++)
        {
            double scale = Math.Sqrt(spread[c] / rows);
            if (scale <= RelativeSpread * Math.Abs(mean[c])) constant.Add(c);
        }
        return [.. constant];
    }

    /// <summary>The matrix without the columns <paramref name="dropped"/> (sorted ascending).</summary>
    public static float[] Without(float[] data, int rows, int d, int[] dropped)
    {
        int kept = d - dropped.Length;
        var keep = Enumerable.Range(0, d).Except(dropped).ToArray();
        var result = new float[(long)rows * kept];
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < kept; j++) result[(long)r * kept + j] = data[(long)r * d + keep[j]];
        return result;
    }
}

namespace PidGpu.Bench;

/// <summary>Synthetic activation-like matrices for the benchmarks.</summary>
public static class LowRankData
{
    /// <summary>Rows of a rank-<paramref name="rank"/> signal plus unit noise: a PCA with a clear top block, like activations.</summary>
    public static float[] LowRankPlusNoise(int rows, int columns, int rank, Random rng, float[]? latent = null)
    {
        var loadings = new float[rank * columns];
        for (int i = 0; i < loadings.Length; i++) loadings[i] = (float)(rng.NextDouble() - 0.5);
        var data = new float[(long)rows * columns];
        var z = new float[rank];
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < rank; j++) z[j] = latent is not null && j == 0 ? latent[r] : (float)(rng.NextDouble() - 0.5) * 3;
            for (int c = 0; c < columns; c++)
            {
                float v = (float)(rng.NextDouble() - 0.5);
                for (int j = 0; j < rank; j++) v += z[j] * loadings[j * columns + c];
                data[(long)r * columns + c] = v;
            }
        }
        return data;
    }

    /// <summary>
    /// Activation-like rows with a decaying spectrum: <paramref name="rank"/> latent factors of strength decay^j (random
    /// loadings) plus unit noise; factor 0 is <paramref name="latent"/> when given. Unlike a few factors over flat noise, the
    /// top principal components are well separated, as in real hidden states (and as PCA needs them to be meaningful).
    /// <paramref name="noise"/> scales the noise (standard deviation).
    /// </summary>
    public static float[] Decaying(int rows, int columns, int rank, double decay, Random rng, float[]? latent = null, double noise = 1)
    {
        var loadings = new float[rank * columns];
        for (int j = 0; j < rank; j++)
            for (int c = 0; c < columns; c++)
                loadings[j * columns + c] = (float)((rng.NextDouble() - 0.5) * Math.Sqrt(12) * Math.Pow(decay, j));
        var data = new float[(long)rows * columns];
        for (int r = 0; r < rows; r++)
        {
            var row = data.AsSpan((int)((long)r * columns), columns);
            for (int c = 0; c < columns; c++) row[c] = (float)((rng.NextDouble() - 0.5) * Math.Sqrt(12) * noise);
            for (int j = 0; j < rank; j++)
            {
                float z = latent is not null && j == 0 ? latent[r] : (float)((rng.NextDouble() - 0.5) * Math.Sqrt(12));
                AddScaled(row, loadings.AsSpan(j * columns, columns), z);
            }
        }
        return data;
    }

    /// <summary>row += z · loading, with SIMD (generation of 10⁴ × 4,096 × 64 would otherwise dominate the `stages` run).</summary>
    static void AddScaled(Span<float> row, ReadOnlySpan<float> loading, float z)
    {
        int width = System.Numerics.Vector<float>.Count, c = 0;
        var scale = new System.Numerics.Vector<float>(z);
        for (; c + width <= row.Length; c += width)
            (new System.Numerics.Vector<float>(row[c..]) + scale * new System.Numerics.Vector<float>(loading[c..])).CopyTo(row[c..]);
        for (; c < row.Length; c++) row[c] += z * loading[c];
    }
}

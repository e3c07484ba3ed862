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
}

namespace PidGpu.Tests.Support;

/// <summary>Synthetic PCA inputs: latent factors mixed into every column, noise, large offsets and column scales over four
/// decades (standardisation must remove both).</summary>
public static class FactorData
{
    public static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>rows × d floats: <paramref name="rank"/> factors, factor r with strength decay^r, noise of standard deviation
    /// <paramref name="noise"/>, column offsets of spread <paramref name="offsetSpread"/>, column scales 10^(c mod 5 − 2).</summary>
    public static float[] Generate(int seed, int rows, int d, int rank, double noise, double decay = 1, double offsetSpread = 200)
    {
        var rng = new Random(seed);
        var mixing = new double[d, rank];
        for (int c = 0; c < d; c++)
            for (int r = 0; r < rank; r++) mixing[c, r] = Gaussian(rng) * Math.Pow(decay, r);
        var offset = Enumerable.Range(0, d).Select(_ => offsetSpread * Gaussian(rng)).ToArray();
        var scale = Enumerable.Range(0, d).Select(c => Math.Pow(10, c % 5 - 2)).ToArray();
        var data = new float[rows * d];
        var z = new double[rank];
        for (int i = 0; i < rows; i++)
        {
            for (int r = 0; r < rank; r++) z[r] = Gaussian(rng);
            for (int c = 0; c < d; c++)
            {
                double v = noise * Gaussian(rng);
                for (int r = 0; r < rank; r++) v += mixing[c, r] * z[r];
                data[i * d + c] = (float)(offset[c] + scale[c] * v);
            }
        }
        return data;
    }
}

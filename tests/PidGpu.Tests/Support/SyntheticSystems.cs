namespace PidGpu.Tests.Support;

/// <summary>
/// Continuous systems whose decomposition is known in closed form, sampled with fixed seeds (issue 3's recovery
/// tests). Matrices are row-major float32, one per variable.
/// </summary>
internal static class SyntheticSystems
{
    public sealed record Sample(float[] X1, int D1, float[] X2, int D2, float[] Y, int Dy, int Rows);

    /// <summary>Bits of I(A;B) for jointly Gaussian scalars with correlation <paramref name="rho"/>.</summary>
    public static double ScalarMiBits(double rho) => -0.5 * Math.Log2(1 - rho * rho);

    /// <summary>Y = X1 + σ·e with X1, X2, e independent N(0,1): all of I(Y;X1,X2) = ½log2(1+1/σ²) is unique to X1.</summary>
    public static Sample Unique(int n, double sigma, int seed)
    {
        var g = new Gaussians(seed);
        var (x1, x2, y) = (new float[n], new float[n], new float[n]);
        for (int r = 0; r < n; r++)
        {
            double a = g.Next();
            x1[r] = (float)a;
            x2[r] = (float)g.Next();
            y[r] = (float)(a + sigma * g.Next());
        }
        return new Sample(x1, 1, x2, 1, y, 1, n);
    }

    /// <summary>
    /// Y = Z, X1 = Z + σ·e1, X2 = Z + σ·e2: each source alone gives ½log2(1+1/σ²) (redundant under MMI, U1 = U2 = 0),
    /// and both together ½log2(1+2/σ²), the excess being synergy.
    /// </summary>
    public static Sample Redundant(int n, double sigma, int seed)
    {
        var g = new Gaussians(seed);
        var (x1, x2, y) = (new float[n], new float[n], new float[n]);
        for (int r = 0; r < n; r++)
        {
            double z = g.Next();
            y[r] = (float)z;
            x1[r] = (float)(z + sigma * g.Next());
            x2[r] = (float)(z + sigma * g.Next());
        }
        return new Sample(x1, 1, x2, 1, y, 1, n);
    }

    /// <summary>Y = sign(X1·X2) with X1, X2 independent N(0,1): one bit, purely synergistic (XOR of the signs).</summary>
    public static Sample SignSynergy(int n, int seed)
    {
        var g = new Gaussians(seed);
        var (x1, x2, y) = (new float[n], new float[n], new float[n]);
        for (int r = 0; r < n; r++)
        {
            double a = g.Next(), b = g.Next();
            x1[r] = (float)a;
            x2[r] = (float)b;
            y[r] = a * b >= 0 ? 1f : -1f;
        }
        return new Sample(x1, 1, x2, 1, y, 1, n);
    }

    /// <summary>
    /// Latent scalars (x1, x2, y) ~ N(0, <paramref name="latentCov"/>), each source embedded in <paramref name="width"/>
    /// dimensions as Q·[exp(x); η·noise] with Q a random orthogonal mix (a product of Householder reflections) and the
    /// target observed as exp(y). Mutual information is invariant under these invertible maps up to the small
    /// isotropic noise η, so PCA + Gaussianization should recover the latent system's Gaussian decomposition.
    /// </summary>
    public static Sample EmbeddedGaussian(int n, double[,] latentCov, int width, double eta, int seed)
    {
        var latent = GaussianSamples.Draw(latentCov, n, seed);
        var g = new Gaussians(seed + 1);
        var x1 = Embed(latent, 0, n, width, eta, g, new Random(seed + 2));
        var x2 = Embed(latent, 1, n, width, eta, g, new Random(seed + 3));
        var y = new float[n];
        for (int r = 0; r < n; r++) y[r] = MathF.Exp(latent[r * 3 + 2]);
        return new Sample(x1, width, x2, width, y, 1, n);
    }

    static float[] Embed(float[] latent, int column, int n, int width, double eta, Gaussians g, Random mixSeed)
    {
        const int reflections = 8;
        var normals = new double[reflections][];
        for (int k = 0; k < reflections; k++)
        {
            var v = new double[width];
            double norm = 0;
            for (int i = 0; i < width; i++) { v[i] = mixSeed.NextDouble() - 0.5; norm += v[i] * v[i]; }
            norm = Math.Sqrt(norm);
            for (int i = 0; i < width; i++) v[i] /= norm;
            normals[k] = v;
        }
        var result = new float[(long)n * width];
        var u = new double[width];
        for (int r = 0; r < n; r++)
        {
            u[0] = Math.Exp(latent[r * 3 + column]);
            for (int i = 1; i < width; i++) u[i] = eta * g.Next();
            foreach (var v in normals)
            {
                double dot = 0;
                for (int i = 0; i < width; i++) dot += v[i] * u[i];
                for (int i = 0; i < width; i++) u[i] -= 2 * dot * v[i];
            }
            for (int i = 0; i < width; i++) result[(long)r * width + i] = (float)u[i];
        }
        return result;
    }
}

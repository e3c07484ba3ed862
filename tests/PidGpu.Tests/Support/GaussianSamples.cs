using System.Text.Json;
using PidGpu.Cli;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>Samples of a known Gaussian system (Reference/gaussian-pid.json), written as float32 .npy matrices.</summary>
internal static class GaussianSamples
{
    /// <summary>N draws of N(0, cov) via the Cholesky factor and a seeded Box–Muller; row-major N × d.</summary>
    public static float[] Draw(double[,] cov, int n, int seed)
    {
        int d = cov.GetLength(0);
        var l = new double[d, d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = cov[i, j];
                for (int k = 0; k < j; k++) s -= l[i, k] * l[j, k];
                l[i, j] = i == j ? Math.Sqrt(s) : s / l[j, j];
            }
        var normals = new Gaussians(seed);
        var z = new double[d];
        var data = new float[(long)n * d];
        for (int r = 0; r < n; r++)
        {
            for (int i = 0; i < d; i++) z[i] = normals.Next();
            for (int i = 0; i < d; i++)
            {
                double v = 0;
                for (int k = 0; k <= i; k++) v += l[i, k] * z[k];
                data[(long)r * d + i] = (float)v;
            }
        }
        return data;
    }

    /// <summary>Columns [first, first+width) of a row-major N × d matrix.</summary>
    public static float[] Columns(float[] data, int d, int first, int width)
    {
        int n = data.Length / d;
        var result = new float[n * width];
        for (int r = 0; r < n; r++)
            Array.Copy(data, r * d + first, result, r * width, width);
        return result;
    }

    public static string WriteNpy(TempFolder temp, string name, float[] data, int columns)
    {
        var path = temp.File(name);
        File.WriteAllBytes(path, ArrayBytes.Npy("<f4", $"({data.Length / columns}, {columns})", ArrayBytes.F32(data)));
        return path;
    }

    /// <summary>Writes X1, X2, Y of a reference case's samples as x1.npy, x2.npy, y.npy; returns the three paths.</summary>
    public static (string X1, string X2, string Y) WriteCase(TempFolder temp, GaussianCase c, int n, int seed)
    {
        int d = c.D1 + c.D2 + c.DY;
        var data = Draw(c.Cov, n, seed);
        return (WriteNpy(temp, "x1.npy", Columns(data, d, 0, c.D1), c.D1),
            WriteNpy(temp, "x2.npy", Columns(data, d, c.D1, c.D2), c.D2),
            WriteNpy(temp, "y.npy", Columns(data, d, c.D1 + c.D2, c.DY), c.DY));
    }
}

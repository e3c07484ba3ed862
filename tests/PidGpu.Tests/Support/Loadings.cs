namespace PidGpu.Tests.Support;

/// <summary>Comparing PCA loadings, which are defined up to sign.</summary>
public static class Loadings
{
    /// <summary>|cos| between column j of row-major d×k <paramref name="components"/> and the vector c ↦ reference(c).</summary>
    public static double AbsCosine(double[] components, int k, int j, Func<int, double> reference)
    {
        int d = components.Length / k;
        double dot = 0, a = 0, b = 0;
        for (int c = 0; c < d; c++)
        {
            double x = components[c * k + j], y = reference(c);
            dot += x * y;
            a += x * x;
            b += y * y;
        }
        return Math.Abs(dot) / Math.Sqrt(a * b);
    }
}

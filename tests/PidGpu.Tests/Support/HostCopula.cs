using MathNet.Numerics.Distributions;

namespace PidGpu.Tests.Support;

/// <summary>Independent host reference of the copula transform: per column, midranks by Array.Sort, then MathNet's Φ⁻¹.</summary>
public static class HostCopula
{
    /// <summary>Normal scores of a row-major [rows × cols] matrix; tied values share their average 0-based rank (−0 == +0).</summary>
    public static double[] Scores(double[] x, int rows, int cols)
    {
        var result = new double[x.Length];
        var column = new double[rows];
        var row = new int[rows];
        for (int c = 0; c < cols; c++)
        {
            for (int r = 0; r < rows; r++) { column[r] = x[r * cols + c]; row[r] = r; }
            Array.Sort(column, row);
            for (int s = 0; s < rows;)
            {
                int e = s + 1;
                while (e < rows && column[e] == column[s]) e++;
                double score = Normal.InvCDF(0, 1, (s + e) / (2.0 * rows)); // ((s + e − 1)/2 + ½)/rows
                for (int t = s; t < e; t++) result[row[t] * cols + c] = score;
                s = e;
            }
        }
        return result;
    }
}

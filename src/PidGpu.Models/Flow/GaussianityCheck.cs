namespace PidGpu.Models.Flow;

/// <summary>
/// Moment check of how standard-normal a matrix looks, per column: mean, standard deviation, skewness and excess
/// kurtosis (all 0, 1, 0, 0 for N(0, I)), and the largest |off-diagonal Pearson correlation|. The Max* properties
/// are the worst column.
/// </summary>
public sealed record GaussianityCheck(
    IReadOnlyList<double> Mean,
    IReadOnlyList<double> Std,
    IReadOnlyList<double> Skewness,
    IReadOnlyList<double> ExcessKurtosis,
    double MaxAbsOffDiagonalCorrelation)
{
    public double MaxAbsMean => Mean.Max(Math.Abs);
    public double MaxAbsStdMinusOne => Std.Max(s => Math.Abs(s - 1));
    public double MaxAbsSkewness => Skewness.Max(Math.Abs);
    public double MaxAbsExcessKurtosis => ExcessKurtosis.Max(Math.Abs);

    /// <summary>Population moments of a row-major rows × cols matrix (rows ≥ 2).</summary>
    public static GaussianityCheck Of(double[] data, int rows, int cols)
    {
        var mean = new double[cols];
        var std = new double[cols];
        var skew = new double[cols];
        var kurt = new double[cols];
        for (int c = 0; c < cols; c++)
        {
            double m = 0;
            for (int r = 0; r < rows; r++) m += data[r * cols + c];
            m /= rows;
            double m2 = 0, m3 = 0, m4 = 0;
            for (int r = 0; r < rows; r++)
            {
                double d = data[r * cols + c] - m, d2 = d * d;
                m2 += d2;
                m3 += d2 * d;
                m4 += d2 * d2;
            }
            m2 /= rows; m3 /= rows; m4 /= rows;
            mean[c] = m;
            std[c] = Math.Sqrt(m2);
            skew[c] = m2 > 0 ? m3 / Math.Pow(m2, 1.5) : 0;
            kurt[c] = m2 > 0 ? m4 / (m2 * m2) - 3 : 0;
        }
        double worst = 0;
        for (int a = 0; a < cols; a++)
        for (int b = a + 1; b < cols; b++)
        {
            double s = 0;
            for (int r = 0; r < rows; r++) s += (data[r * cols + a] - mean[a]) * (data[r * cols + b] - mean[b]);
            double denom = rows * std[a] * std[b];
            if (denom > 0) worst = Math.Max(worst, Math.Abs(s / denom));
        }
        return new GaussianityCheck(mean, std, skew, kurt, worst);
    }
}

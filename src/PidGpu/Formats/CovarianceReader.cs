using PidGpu.Formats.Arrays;

namespace PidGpu.Formats;

/// <summary>
/// A covariance matrix over [X1 (d1), X2 (d2), Y (dy)] from a 2-D <c>.npy</c> file, read in double precision.
/// Checked here: square, of side d1 + d2 + dy, finite, symmetric to rounding (then symmetrised), positive variances.
/// Positive definiteness is left to the estimator, which names the block that fails.
/// </summary>
public static class CovarianceReader
{
    /// <summary>Largest side accepted (the Gaussian solvers factorise dense blocks of this size).</summary>
    public const int MaxSide = 8192;

    public static double[,] Read(string path, int d1, int d2, int dy)
    {
        if (d1 < 1 || d2 < 1 || dy < 1)
            throw new PidInputException($"the dimensions must each be at least 1 (got d1={d1}, d2={d2}, dy={dy}).");
        int d = d1 + d2 + dy;
        if (d > MaxSide)
            throw new PidInputException($"d1 + d2 + dy = {d} exceeds the supported {MaxSide}.");
        var t = NpyTensor.Read(path, maxRank: 2, (long)MaxSide * MaxSide);
        if (t.Shape.Length != 2 || t.Shape[0] != d || t.Shape[1] != d)
            throw new PidInputException($"{path}: expected a {d}x{d} covariance (d1={d1}, d2={d2}, dy={dy}); got shape ({string.Join(", ", t.Shape)}).");
        var cov = new double[d, d];
        double scale = 0;
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
            {
                double v = t.Data[i * d + j];
                if (!double.IsFinite(v))
                    throw new PidInputException($"{path}: entry [{i}, {j}] is {v}; a covariance must be finite.") { Row = i, Column = j, Value = v };
                cov[i, j] = v;
                scale = Math.Max(scale, Math.Abs(v));
            }
        for (int i = 0; i < d; i++)
        {
            if (!(cov[i, i] > 0))
                throw new PidInputException($"{path}: the variance of {Name(i, d1, d2)} (entry [{i}, {i}]) is {cov[i, i]}; it must be positive " +
                    "(a constant variable carries no information: leave it out).");
            for (int j = 0; j < i; j++)
            {
                if (Math.Abs(cov[i, j] - cov[j, i]) > 1e-9 * scale)
                    throw new PidInputException($"{path}: not symmetric: [{i}, {j}] = {cov[i, j]} but [{j}, {i}] = {cov[j, i]}.") { Row = i, Column = j };
                cov[i, j] = cov[j, i] = 0.5 * (cov[i, j] + cov[j, i]);
            }
        }
        return cov;
    }

    static string Name(int i, int d1, int d2) =>
        i < d1 ? $"x1 column {i}" : i < d1 + d2 ? $"x2 column {i - d1}" : $"y column {i - d1 - d2}";
}

using PidGpu.Formats.Arrays;
using PidGpu.Estimate;

namespace PidGpu.Formats;

/// <summary>
/// A batch of joint tables in one <c>.npy</c> file of shape (N, n1, n2, ny): problem k is <c>p[k][x1][x2][y]</c>
/// (probabilities or counts, each table normalised on its own). Float64 keeps every bit; float32/16 are widened.
/// </summary>
public static class JointBatchReader
{
    /// <summary>Largest batch accepted: 2^27 values (1 GiB of doubles), well past any table the solvers finish.</summary>
    public const long MaxValues = 1L << 27;

    /// <exception cref="PidInputException">Not a 4-D array, too large, or a table with a negative, non-finite or
    /// all-zero entry (named by its problem index and cell).</exception>
    public static JointDistribution[] Read(string path)
    {
        var t = NpyTensor.Read(path, maxRank: 4, MaxValues);
        if (t.Shape.Length != 4)
            throw new PidInputException($"{path}: a batch of joints needs shape (N, n1, n2, ny); got ({string.Join(", ", t.Shape)}).");
        int count = (int)t.Shape[0], n1 = (int)t.Shape[1], n2 = (int)t.Shape[2], ny = (int)t.Shape[3];
        int cells = n1 * n2 * ny;
        var joints = new JointDistribution[count];
        for (int k = 0; k < count; k++)
            joints[k] = new JointDistribution(n1, n2, ny, t.Data.AsSpan(k * cells, cells), $"{path}: problem {k}");
        return joints;
    }
}

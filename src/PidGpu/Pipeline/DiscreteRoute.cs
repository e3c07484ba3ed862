using PidGpu.Device;
using PidGpu.Discretize;
using PidGpu.Reduce;

namespace PidGpu.Pipeline;

/// <summary>
/// Issue 3's discrete route: turns a reduced variable into integer codes for the plug-in estimators. A one-column
/// variable is always cut into <c>k</c> equal-count bins; a wider one either has each component cut into <c>k</c> bins
/// and the bins joined (mixed radix, alphabet k^columns) or is clustered into <c>k</c> groups by k-means (k-means++
/// seeding, on the device).
/// </summary>
public static class DiscreteRoute
{
    /// <summary>A variable reduced and coded: the reduced data (with its PCA record) and the codes.</summary>
    public sealed record Coded(ReducedVariable Variable, int[] Codes, int Alphabet);

    /// <summary>The whole route for one variable: PCA (<see cref="VariableReducer"/>), then <see cref="Codes"/>. Every
    /// front end that codes activation matrices (decompose on matrices, the layer-wise discrete route) goes through here.</summary>
    public static Coded ReduceAndCode(PidDevice device, string name, Formats.Arrays.IMatrixSource source, PcaSize pca, int k,
        DiscretizeMode mode, int seed)
    {
        var reduced = VariableReducer.Reduce(device, name, source, pca);
        var (codes, alphabet) = Codes(device, reduced, k, mode, seed);
        return new Coded(reduced, codes, alphabet);
    }

    public static (int[] Codes, int Alphabet) Codes(PidDevice device, ReducedVariable v, int k, DiscretizeMode mode, int seed)
    {
        if (k < 2) throw new PidInputException($"{v.Name}: at least 2 bins or clusters are needed, got {k}.");
        if (v.Rows < k) throw new PidInputException($"{v.Name}: {k} bins or clusters need at least {k} samples, got {v.Rows}.");
        if (v.Columns == 1 || mode == DiscretizeMode.Quantile)
        {
            var columns = Enumerable.Range(0, v.Columns).Select(c => Column(v, c)).ToList();
            return JointCoder.BinAndCombine(new Binner(device), columns, k, BinningMode.Quantile, $"{v.Name} ({v.Source})");
        }
        var result = new KMeans(device).Fit(v.Data, v.Rows, v.Columns, k, new KMeansOptions(Seed: seed), $"{v.Name} ({v.Source})");
        return (result.Codes, k);
    }

    static float[] Column(ReducedVariable v, int c)
    {
        var column = new float[v.Rows];
        for (int r = 0; r < v.Rows; r++) column[r] = (float)v.Data[(long)r * v.Columns + c];
        return column;
    }
}

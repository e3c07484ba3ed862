using PidGpu.Device;
using PidGpu.Formats.Arrays;
using PidGpu.Reduce;

namespace PidGpu.Reduce;

/// <summary>Stage 1 of the pipeline: PCA of a variable wider than k, or to a variance fraction (on the device), otherwise its
/// columns as they are.</summary>
public static class VariableReducer
{
    /// <param name="size">k (0 turns PCA off) or a variance fraction. Under a fixed k a variable with at most k columns is kept
    /// whole (nothing to reduce); under a fraction a single column is. The kept k and its explained share are on
    /// <see cref="ReducedVariable.Pca"/>.</param>
    public static ReducedVariable Reduce(PidDevice device, string name, IMatrixSource source, PcaSize size)
    {
        if (size.Reduces(source.Columns))
        {
            var model = PcaFit.Fit(device, source, size.Options);
            var scores = model.Transform(device, source);
            int rows = checked((int)source.Rows);
            int kept = Informative(model.Eigenvalues);
            return kept == model.K
                ? new ReducedVariable(name, source.Source, source.Columns, scores, rows, model.K, model)
                : new ReducedVariable(name, source.Source, source.Columns, LeadingColumns(scores, rows, model.K, kept), rows, kept, model);
        }
        if (source.Rows * source.Columns > Array.MaxLength)
            throw new PidInputException($"{source.Source}: {source.Rows} × {source.Columns} values are too many to hold at once; " +
                "reduce it with PCA (a smaller k) first.");
        return new ReducedVariable(name, source.Source, source.Columns, Whole(source), checked((int)source.Rows), source.Columns, null);
    }

    /// <summary>Floats read per chunk when a variable is kept whole.</summary>
    const int ChunkValues = 1 << 20;

    /// <summary>A variable kept whole, as doubles, read chunk by chunk (no float copy of the whole matrix).</summary>
    static double[] Whole(IMatrixSource source)
    {
        int d = source.Columns;
        var data = new double[source.Rows * d];
        foreach (var chunk in RowChunks.Read(source, ChunkValues, checkFinite: false))
        {
            var span = chunk.Values;
            for (int i = 0; i < span.Length; i++) data[chunk.First * d + i] = span[i];
        }
        return data;
    }

    /// <summary>Relative size below which a principal component is rounding noise of a lower-rank variable.</summary>
    public const double NullComponent = 1e-9;

    /// <summary>
    /// Components whose variance is at least <see cref="NullComponent"/> × the first: a variable of lower rank than k (e.g. states
    /// of a few distinct prompts) keeps only its real components, rather than making the covariance singular.
    /// </summary>
    static int Informative(double[] eigenvalues) => Math.Max(1, eigenvalues.Count(l => l > NullComponent * eigenvalues[0]));

    static double[] LeadingColumns(double[] scores, int rows, int k, int kept)
    {
        var result = new double[(long)rows * kept];
        for (int r = 0; r < rows; r++) Array.Copy(scores, (long)r * k, result, (long)r * kept, kept);
        return result;
    }
}

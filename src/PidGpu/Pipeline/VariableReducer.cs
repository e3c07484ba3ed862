using PidGpu.Device;
using PidGpu.Formats.Arrays;
using PidGpu.Reduce;

namespace PidGpu.Pipeline;

/// <summary>Stage 1 of the pipeline: PCA of a variable wider than k (on the device), otherwise its columns as they are.</summary>
public static class VariableReducer
{
    /// <param name="components">k; 0 turns PCA off. A variable with at most k columns is kept whole (nothing to reduce).</param>
    public static ReducedVariable Reduce(PidDevice device, string name, IMatrixSource source, int components)
    {
        if (components < 0) throw new PidInputException($"the PCA size must be >= 0 (0 = no PCA), got {components}.");
        if (components > 0 && source.Columns > components)
        {
            var model = PcaFit.Fit(device, source, new PcaOptions { Components = components });
            return new ReducedVariable(name, source.Source, source.Columns, model.Transform(device, source), checked((int)source.Rows), model.K, model);
        }
        if (source.Rows * source.Columns > Array.MaxLength)
            throw new PidInputException($"{source.Source}: {source.Rows} × {source.Columns} values are too many to hold at once; " +
                "reduce it with PCA (a smaller k) first.");
        var values = source.ReadAll();
        var data = new double[values.Length];
        for (int i = 0; i < values.Length; i++) data[i] = values[i];
        return new ReducedVariable(name, source.Source, source.Columns, data, checked((int)source.Rows), source.Columns, null);
    }
}

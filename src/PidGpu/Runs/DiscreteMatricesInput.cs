using PidGpu.Device;
using PidGpu.Discretize;
using PidGpu.Formats;
using PidGpu.Formats.Arrays;
using PidGpu.Estimate;
using PidGpu.Pipeline;
using PidGpu.Reduce;

namespace PidGpu.Runs;

/// <summary>
/// Activation matrices (.npy, .safetensors[:TENSOR]) for the discrete route: each variable reduced by PCA on the device,
/// then coded by k-means or joined quantile bins (<see cref="DiscreteRoute"/>), then counted into the joint table.
/// </summary>
public sealed record DiscreteMatricesInput(string X1, string X2, string Y, int Bins, PcaSize Pca, DiscretizeMode Discretize, int Seed)
    : DiscreteInput
{
    internal override Func<PidDevice?, (JointDistribution, InputDescription)> Load()
    {
        string[] specs = [X1, X2, Y];
        foreach (var spec in specs) ArrayFile.Open(spec).Dispose(); // header checks now, before the device starts
        return device => Resolve(device!, specs);
    }

    (JointDistribution, InputDescription) Resolve(PidDevice device, string[] specs)
    {
        var sources = new List<IMatrixSource>();
        try
        {
            foreach (var spec in specs) sources.Add(ArrayFile.Open(spec));
            if (sources[0].Rows != sources[1].Rows || sources[0].Rows != sources[2].Rows)
                throw new PidInputException($"X1, X2 and Y must have the same number of rows (samples), got " +
                    $"{sources[0].Rows}, {sources[1].Rows} and {sources[2].Rows}.");
            foreach (var s in sources)
                if (s.FindFirstNonFinite() is { } bad)
                    throw NonFiniteRows.Error(s, bad.Row, bad.Column, setting: null);
            string[] names = ["X1", "X2", "Y"];
            DiscreteRoute.Coded[] coded;
            try
            {
                coded = sources.Select((s, i) => DiscreteRoute.ReduceAndCode(device, names[i], s, Pca, Bins, Discretize, Seed)).ToArray();
            }
            catch (PidInputException) when (ConstantColumns.Find(sources) is { } constant)
            {
                throw constant; // PCA cannot standardise a constant column: name the variable too
            }
            string source = $"x1={specs[0]}, x2={specs[1]}, y={specs[2]}";
            var table = new JointHistogrammer(device).Count([(coded[0].Codes, coded[1].Codes, coded[2].Codes)],
                coded[0].Alphabet, coded[1].Alphabet, coded[2].Alphabet, source)[0];
            // The kept k and explained share of each reduced variable, so a variance fraction's choice is on record.
            var kept = coded.Select(c => c.Variable).Where(v => v.Pca is not null)
                .Select(v => $"{v.Name} {v.Columns} of {v.InputColumns} explaining {v.Pca!.ExplainedVarianceRatio:F4}");
            var mode = $"{Discretize.ToString().ToLowerInvariant()}, pca {Pca}" + (Pca.IsFraction ? $" ({string.Join("; ", kept)})" : "");
            return (table, new InputDescription("matrices", source, table.N1, table.N2, table.NY, coded[0].Codes.Length, Bins, mode));
        }
        finally
        {
            foreach (var s in sources) s.Dispose();
        }
    }
}

using PidGpu.Device;
using PidGpu.Discretize;
using PidGpu.Formats;
using PidGpu.Estimate;

namespace PidGpu.Runs;

/// <summary>Three float columns (one number per line, or FILE.csv:COLUMN), each cut into <paramref name="Bins"/> bins on
/// the device.</summary>
public sealed record FloatColumnsInput(string X1, string X2, string Y, int Bins, BinningMode Binning) : DiscreteInput
{
    /// <summary>The setting a wrong bin count is about.</summary>
    public const string BinsSetting = "FloatColumnsInput.Bins";

    internal override Func<PidDevice?, (JointDistribution, InputDescription)> Load()
    {
        string[] names = [X1, X2, Y];
        var columns = names.Select(FloatColumnReader.Read).ToArray();
        if (columns[0].Length != columns[1].Length || columns[0].Length != columns[2].Length)
            throw new PidInputException(
                $"X1, X2 and Y have different lengths ({columns[0].Length}, {columns[1].Length}, {columns[2].Length} samples).");
        if (columns[0].Length < Bins)
        {
            // Problem leaves out the setting's name, so a front end can put its own (the CLI: --bins) in front.
            string problem = $"{Bins} needs at least {Bins} samples, but the columns have {columns[0].Length}.";
            throw new PidInputException($"the bin count {problem}") { Setting = BinsSetting, Problem = problem };
        }
        return device => Resolve(device!, names, columns);
    }

    (JointDistribution, InputDescription) Resolve(PidDevice device, string[] names, float[][] columns)
    {
        var binner = new Binner(device);
        var codes = columns.Select((c, i) => binner.Bin(c, Bins, Binning, names[i])).ToArray();
        string source = $"x1={names[0]}, x2={names[1]}, y={names[2]}";
        // Every column has K bins, so the table is K x K x K even where a bin ends up empty.
        var binned = new JointHistogrammer(device).Count([(codes[0], codes[1], codes[2])], Bins, Bins, Bins, source)[0];
        var mode = Binning.ToString().ToLowerInvariant();
        return (binned, new InputDescription("columns", source, binned.N1, binned.N2, binned.NY, codes[0].Length, Bins, mode));
    }
}

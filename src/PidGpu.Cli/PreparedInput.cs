using PidGpu.Device;
using PidGpu.Discretize;
using PidGpu.Formats;
using PidGpu.Pid;

namespace PidGpu.Cli;

/// <summary>
/// The decompose input, read and checked before any accelerator starts so bad files fail fast.
/// Float columns still need the device for binning; <see cref="Resolve"/> does that.
/// </summary>
internal sealed class PreparedInput
{
    JointDistribution? joint;
    InputDescription? description;
    float[][]? columns;
    string[]? columnNames;
    int bins;
    BinningMode binning;

    PreparedInput() { }

    /// <exception cref="PidInputException">Not exactly one input mode, or a bad file.</exception>
    public static PreparedInput Load(DecomposeOptions o)
    {
        bool anyColumn = o.X1 is not null || o.X2 is not null || o.Y is not null;
        var given = new List<string>();
        if (o.Joint is not null) given.Add("--joint");
        if (o.Counts is not null) given.Add("--counts");
        if (anyColumn) given.Add("--x1/--x2/--y");
        if (given.Count == 0)
            throw new PidInputException("no input: give one of --joint FILE.json, --counts FILE.csv, or --x1 F --x2 F --y F --bins K --binning MODE.");
        if (given.Count > 1)
            throw new PidInputException($"give exactly one input, got {string.Join(" and ", given)}.");
        if (!anyColumn && (o.Bins is not null || o.Binning is not null))
            throw new PidInputException("--bins and --binning apply only to float columns (--x1/--x2/--y).");

        if (o.Joint is { } jointPath)
        {
            var joint = JointJsonReader.Read(jointPath);
            return Ready(joint, new InputDescription("joint", jointPath, joint.N1, joint.N2, joint.NY));
        }
        if (o.Counts is { } countsPath)
        {
            var (x1, x2, y) = CountsCsvReader.ReadCodes(countsPath);
            var joint = JointDistribution.FromCodes(x1, x2, y, source: countsPath);
            return Ready(joint, new InputDescription("counts", countsPath, joint.N1, joint.N2, joint.NY, x1.Length));
        }
        return LoadColumns(o);
    }

    static PreparedInput Ready(JointDistribution joint, InputDescription description)
        => new() { joint = joint, description = description };

    static PreparedInput LoadColumns(DecomposeOptions o)
    {
        string[] flags = ["--x1", "--x2", "--y"];
        string?[] specs = [o.X1, o.X2, o.Y];
        var missing = flags.Where((_, i) => specs[i] is null).ToArray();
        if (missing.Length > 0)
            throw new PidInputException($"--x1, --x2 and --y go together; missing {string.Join(", ", missing)}.");
        if (o.Bins is not int k)
            throw new PidInputException("--bins K is required with --x1/--x2/--y.");
        if (k < 2)
            throw new PidInputException($"--bins must be at least 2 (got {k}).");
        if (o.Binning is null)
            throw new PidInputException("--binning uniform|quantile is required with --x1/--x2/--y.");
        var mode = OptionValues.Binning(o.Binning);

        var names = specs.Select(s => s!).ToArray();
        var columns = names.Select(FloatColumnReader.Read).ToArray();
        if (columns[0].Length != columns[1].Length || columns[0].Length != columns[2].Length)
            throw new PidInputException(
                $"--x1, --x2 and --y have different lengths ({columns[0].Length}, {columns[1].Length}, {columns[2].Length} samples).");
        if (columns[0].Length < k)
            throw new PidInputException($"--bins {k} needs at least {k} samples, but the columns have {columns[0].Length}.");
        return new PreparedInput { columns = columns, columnNames = names, bins = k, binning = mode };
    }

    /// <summary>The joint distribution to decompose, binning float columns on <paramref name="device"/>.</summary>
    public (JointDistribution Joint, InputDescription Description) Resolve(PidDevice device)
    {
        if (joint is not null && description is not null) return (joint, description);
        var binner = new Binner(device);
        var names = columnNames!;
        var codes = columns!.Select((c, i) => binner.Bin(c, bins, binning, names[i])).ToArray();
        string source = $"x1={names[0]}, x2={names[1]}, y={names[2]}";
        // Every column has K bins, so the table is K x K x K even where a bin ends up empty.
        var binned = new JointHistogrammer(device).Count([(codes[0], codes[1], codes[2])], bins, bins, bins, source)[0];
        var mode = binning.ToString().ToLowerInvariant();
        return (binned, new InputDescription("columns", source, binned.N1, binned.N2, binned.NY, codes[0].Length, bins, mode));
    }
}

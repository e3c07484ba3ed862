using PidGpu.Device;
using PidGpu.Discretize;
using PidGpu.Formats;
using PidGpu.Formats.Arrays;
using PidGpu.Pid;
using PidGpu.Pipeline;

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
    string[]? matrices;
    PcaSize pca;
    DiscretizeMode discretize;
    int seed;

    PreparedInput() { }

    /// <exception cref="PidInputException">Not exactly one input mode, or a bad file.</exception>
    public static PreparedInput Load(DecomposeOptions o)
    {
        bool anyColumn = o.X1 is not null || o.X2 is not null || o.Y is not null;
        var given = new List<string>();
        if (o.Joint is not null) given.Add("--joint");
        if (o.Counts is not null) given.Add("--counts");
        if (anyColumn) given.Add("--x1/--x2/--y");
        if (o.Joints is not null) given.Add("--joints");
        if (given.Count == 0)
            throw new PidInputException("no input: give one of --joint FILE.json, --joints FILE.npy, --counts FILE.csv, or --x1 F --x2 F --y F --bins K --binning MODE.");
        if (given.Count > 1)
            throw new PidInputException($"give exactly one input, got {string.Join(" and ", given)}.");
        if (!anyColumn && (o.Bins is not null || o.Binning is not null))
            throw new PidInputException("--bins and --binning apply only to float columns (--x1/--x2/--y).");
        bool matrix = new[] { o.X1, o.X2, o.Y }.Any(IsMatrix);
        if (!matrix && (o.Pca is not null || o.Discretize is not null))
            throw new PidInputException("--pca and --discretize apply to .npy/.safetensors matrices (--x1/--x2/--y) or to --estimator gaussian.");

        if (o.Joints is not null) return new PreparedInput(); // the batch itself is read by DecomposeBatchCommand
        if (o.Joint is { } jointPath)
        {
            var joint = JointJsonReader.Read(jointPath);
            return Ready(joint, new InputDescription("joint", jointPath, joint.N1, joint.N2, joint.NY));
        }
        if (o.Counts is { } countsPath)
        {
            var (x1, x2, y) = CountsCsvReader.ReadCodes(countsPath);
            var joint = JointDistribution.FromCodes(x1.Codes, x2.Codes, y.Codes, x1.Alphabet, x2.Alphabet, y.Alphabet, source: countsPath);
            return Ready(joint, new InputDescription("counts", countsPath, joint.N1, joint.N2, joint.NY, x1.Codes.Length,
                Codes: [x1.Values, x2.Values, y.Values]));
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
        if (new[] { o.X1, o.X2, o.Y }.Any(IsMatrix)) return LoadMatrices(o, specs!, k);
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

    /// <summary>A .npy or .safetensors[:TENSOR] matrix rather than a text column.</summary>
    static bool IsMatrix(string? spec) => spec is not null &&
        (spec.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) || spec.Contains(".safetensors", StringComparison.OrdinalIgnoreCase));

    static PreparedInput LoadMatrices(DecomposeOptions o, string?[] specs, int k)
    {
        if (o.Binning is not null)
            throw new PidInputException("--binning applies to float columns; matrices are discretized by --discretize kmeans|quantile.");
        var pca = OptionValues.Pca(o.Pca, PipelineOptions.DefaultPca);
        var mode = (o.Discretize ?? "kmeans").Trim().ToLowerInvariant() switch
        {
            "kmeans" => DiscretizeMode.KMeans,
            "quantile" => DiscretizeMode.Quantile,
            _ => throw new PidInputException($"--discretize '{o.Discretize}' is not one of kmeans, quantile."),
        };
        foreach (var spec in specs) ArrayFile.Open(spec!).Dispose(); // header checks now, before the device starts
        return new PreparedInput
        {
            matrices = specs.Select(s => s!).ToArray(), bins = k, pca = pca, discretize = mode, seed = o.Seed ?? PipelineOptions.DefaultSeed,
        };
    }

    /// <summary>Matrices: PCA on the device, then k-means or quantile codes per variable (<see cref="DiscreteRoute"/>).</summary>
    (JointDistribution, InputDescription) ResolveMatrices(PidDevice device, string[] specs)
    {
        var sources = new List<IMatrixSource>();
        try
        {
            foreach (var spec in specs) sources.Add(ArrayFile.Open(spec));
            if (sources[0].Rows != sources[1].Rows || sources[0].Rows != sources[2].Rows)
                throw new PidInputException($"--x1, --x2 and --y must have the same number of rows (samples), got " +
                    $"{sources[0].Rows}, {sources[1].Rows} and {sources[2].Rows}.");
            foreach (var s in sources)
                if (s.FindFirstNonFinite() is { } bad)
                    throw new PidInputException($"{s.Source}: row {bad.Row}, column {bad.Column} (counted from 0) is not finite (NaN or infinite).");
            string[] names = ["X1", "X2", "Y"];
            (int[] Codes, int Alphabet)[] coded;
            ReducedVariable[] reduced;
            try
            {
                reduced = sources.Select((s, i) => VariableReducer.Reduce(device, names[i], s, pca)).ToArray();
                coded = reduced.Select(v => DiscreteRoute.Codes(device, v, bins, discretize, seed)).ToArray();
            }
            catch (PidInputException) when (ConstantColumns.Find(sources) is { } constant)
            {
                throw constant; // PCA cannot standardise a constant column: name the variable too
            }
            string source = $"x1={specs[0]}, x2={specs[1]}, y={specs[2]}";
            var table = new JointHistogrammer(device).Count([(coded[0].Codes, coded[1].Codes, coded[2].Codes)],
                coded[0].Alphabet, coded[1].Alphabet, coded[2].Alphabet, source)[0];
            // The kept k and explained share of each reduced variable, so a variance fraction's choice is on record.
            var kept = reduced.Where(v => v.Pca is not null).Select(v => $"{v.Name} {v.Columns} of {v.InputColumns} explaining {v.Pca!.ExplainedVarianceRatio:F4}");
            var mode = $"{discretize.ToString().ToLowerInvariant()}, pca {pca}" + (pca.IsFraction ? $" ({string.Join("; ", kept)})" : "");
            return (table, new InputDescription("matrices", source, table.N1, table.N2, table.NY, coded[0].Codes.Length, bins, mode));
        }
        finally
        {
            foreach (var s in sources) s.Dispose();
        }
    }

    /// <summary>False for a joint table or counts, which are ready as read; float columns and matrices are binned or
    /// coded on an accelerator.</summary>
    public bool NeedsDevice => joint is null;

    /// <summary>The joint distribution to decompose, binning float columns on <paramref name="device"/> (null only
    /// when <see cref="NeedsDevice"/> is false).</summary>
    public (JointDistribution Joint, InputDescription Description) Resolve(PidDevice? device)
    {
        if (joint is not null && description is not null) return (joint, description);
        ArgumentNullException.ThrowIfNull(device);
        if (matrices is not null) return ResolveMatrices(device, matrices);
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

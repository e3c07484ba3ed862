using PidGpu.Pipeline;
using PidGpu.Runs;
using PidGpu.Discretize;

namespace PidGpu.Cli;

/// <summary>decompose's input flags (--joint, --counts, --joints, --x1/--x2/--y with --bins ...) as the library's
/// <see cref="DiscreteInput"/>: exactly one input, with the flags that belong to it. The files are read by the run.</summary>
internal static class DiscreteInputs
{
    /// <exception cref="PidInputException">Not exactly one input mode, or flags that do not belong to it.</exception>
    public static DiscreteInput From(DecomposeOptions o)
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

        if (o.Joints is { } batch) return new JointBatchInput(batch);
        if (o.Joint is { } joint) return new JointTableInput(joint);
        if (o.Counts is { } counts) return new CountsInput(counts);
        return Columns(o);
    }

    static DiscreteInput Columns(DecomposeOptions o)
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
        if (specs.Any(IsMatrix)) return Matrices(o, k);
        if (o.Binning is null)
            throw new PidInputException("--binning uniform|quantile is required with --x1/--x2/--y.");
        return new FloatColumnsInput(o.X1!, o.X2!, o.Y!, k, OptionValues.Binning(o.Binning));
    }

    /// <summary>A .npy or .safetensors[:TENSOR] matrix rather than a text column.</summary>
    static bool IsMatrix(string? spec) => spec is not null &&
        (spec.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) || spec.Contains(".safetensors", StringComparison.OrdinalIgnoreCase));

    static DiscreteMatricesInput Matrices(DecomposeOptions o, int k)
    {
        if (o.Binning is not null)
            throw new PidInputException("--binning applies to float columns; matrices are discretized by --discretize kmeans|quantile.");
        var pca = OptionValues.Pca(o.Pca, PidDefaults.PcaComponents);
        var mode = (o.Discretize ?? "kmeans").Trim().ToLowerInvariant() switch
        {
            "kmeans" => DiscretizeMode.KMeans,
            "quantile" => DiscretizeMode.Quantile,
            _ => throw new PidInputException($"--discretize '{o.Discretize}' is not one of kmeans, quantile."),
        };
        return new DiscreteMatricesInput(o.X1!, o.X2!, o.Y!, k, pca, mode, o.Seed ?? PidDefaults.Seed);
    }
}

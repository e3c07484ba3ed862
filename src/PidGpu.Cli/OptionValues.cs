using PidGpu.Device;
using PidGpu.Discretize;
using PidGpu.Estimate;
using PidGpu.Pipeline;
using PidGpu.Reduce;

namespace PidGpu.Cli;

/// <summary>Parses the word-valued options, with errors that list the allowed words.</summary>
internal static class OptionValues
{
    public const string TorchDeviceHelp = "Where TorchSharp runs the model: cpu, or cuda (needs a build with TorchSharp's CUDA backend; see the README).";

    /// <summary>The discrete measures named by --measure: the catalogue's names (<see cref="PidMeasures"/>) or all.</summary>
    public static IReadOnlyCollection<IPidMeasure> Measures(string text)
    {
        string names = string.Join(", ", PidMeasures.All.Select(m => m.Name));
        var chosen = Chosen(text, PidMeasures.All, m => m.Name,
            word => $"--measure '{word}' is not one of {names}, all.",
            word => $"--measure {word.ToLowerInvariant()} is the Gaussian measure; it needs --estimator gaussian (discrete: {names}, all).");
        return [.. PidMeasures.All.Where(chosen.Contains)];
    }

    /// <summary>The measures whose Gaussian forms --measure names (mmi, gpid) or all. imin and broja are discrete-only.</summary>
    public static IReadOnlyCollection<IPidMeasure> GaussianMeasures(string text)
    {
        string names = string.Join(", ", PidMeasures.Gaussian.Select(m => m.GaussianName));
        var chosen = Chosen(text, PidMeasures.Gaussian, m => m.GaussianName,
            word => $"--measure '{word}' is not one of {names}, all (--estimator gaussian).",
            word => $"--measure {word} is discrete-only; with --estimator gaussian use mmi, gpid (~G-PID, the Gaussian BROJA) or all.");
        return [.. PidMeasures.Gaussian.Where(chosen.Contains)];
    }

    /// <summary>The measures named by comma-separated words: "all" (every one of <paramref name="forms"/>) or the name a form
    /// has (<paramref name="formName"/>); a catalogue name of the other form is <paramref name="otherForm"/>'s error.</summary>
    static HashSet<IPidMeasure> Chosen(string text, IReadOnlyList<IPidMeasure> forms, Func<IPidMeasure, string?> formName,
        Func<string, string> unknown, Func<string, string> otherForm)
    {
        var chosen = new HashSet<IPidMeasure>();
        foreach (var word in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (word.Equals("all", StringComparison.OrdinalIgnoreCase)) chosen.UnionWith(forms);
            else if (PidMeasures.Find(word) is not { } m) throw new PidInputException(unknown(word));
            else if (!word.Equals(formName(m), StringComparison.OrdinalIgnoreCase)) throw new PidInputException(otherForm(word));
            else chosen.Add(m);
        }
        return chosen;
    }

    public static Estimator Estimator(string text) => text.Trim().ToLowerInvariant() switch
    {
        "discrete" => Cli.Estimator.Discrete,
        "gaussian" => Cli.Estimator.Gaussian,
        _ => throw new PidInputException($"--estimator '{text}' is not one of discrete, gaussian."),
    };

    public static DeviceKind Device(string text) => text.Trim().ToLowerInvariant() switch
    {
        "auto" => DeviceKind.Auto,
        "cuda" => DeviceKind.Cuda,
        "opencl" => DeviceKind.OpenCL,
        "cpu" => DeviceKind.Cpu,
        _ => throw new PidInputException($"--device '{text}' is not one of auto, cuda, opencl, cpu."),
    };

    public static Estimate.BrojaSolverKind Solver(string? text) => (text ?? "newton").Trim().ToLowerInvariant() switch
    {
        "newton" => Estimate.BrojaSolverKind.Newton,
        "scaling" => Estimate.BrojaSolverKind.Scaling,
        _ => throw new PidInputException($"--solver '{text}' is not one of newton, scaling."),
    };

    /// <summary>"d1,d2,dy" for --dims.</summary>
    public static (int D1, int D2, int DY) Dims(string? text)
    {
        if (text is null) throw new PidInputException("--cov needs --dims d1,d2,dy (the widths of X1, X2 and Y).");
        var parts = text.Split(',');
        var values = new int[3];
        if (parts.Length != 3 || parts.Where((p, i) => !int.TryParse(p.Trim(), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out values[i]) || values[i] < 1).Any())
            throw new PidInputException($"--dims '{text}' must be three positive integers d1,d2,dy (e.g. 4,4,1).");
        return (values[0], values[1], values[2]);
    }

    /// <summary>--pca: a component count or a variance fraction (<see cref="PcaSize.Parse"/>); <paramref name="fallback"/> when not given.</summary>
    public static PcaSize Pca(string? text, PcaSize fallback) => text is null ? fallback : PcaSize.Parse(text, "--pca");

    /// <summary>Bytes from "123", "512M", "8G", "1.5T" (powers of 1024), for <paramref name="flag"/>.</summary>
    public static long Size(string text, string flag)
    {
        var t = text.Trim().ToUpperInvariant();
        double unit = 1;
        if (t.EndsWith('B')) t = t[..^1];
        if (t.Length > 0 && "KMGT".Contains(t[^1]))
        {
            unit = Math.Pow(1024, "KMGT".IndexOf(t[^1]) + 1);
            t = t[..^1];
        }
        if (!double.TryParse(t, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double v)
            || !(v > 0) || double.IsInfinity(v * unit))
            throw new PidInputException($"{flag} '{text}' is not a size: give bytes or a number with K, M, G or T (e.g. 8G).");
        return (long)Math.Min(long.MaxValue, v * unit);
    }

    public static BinningMode Binning(string text) => text.Trim().ToLowerInvariant() switch
    {
        "uniform" => BinningMode.Uniform,
        "quantile" => BinningMode.Quantile,
        _ => throw new PidInputException($"--binning '{text}' is not one of uniform, quantile."),
    };
}

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

    public static PidMeasure Measures(string text)
    {
        var result = PidMeasure.None;
        foreach (var word in text.Split(',', StringSplitOptions.TrimEntries))
        {
            result |= word.ToLowerInvariant() switch
            {
                "imin" => PidMeasure.IMin,
                "mmi" => PidMeasure.Mmi,
                "broja" => PidMeasure.Broja,
                "all" => PidMeasure.All,
                "gpid" => throw new PidInputException("--measure gpid is the Gaussian measure; it needs --estimator gaussian (discrete: imin, mmi, broja, all)."),
                _ => throw new PidInputException($"--measure '{word}' is not one of imin, mmi, broja, all."),
            };
        }
        return result;
    }

    /// <summary>Gaussian measures: (mmi, gpid) flags. imin and broja are discrete-only.</summary>
    public static (bool Mmi, bool Gpid) GaussianMeasures(string text)
    {
        bool mmi = false, gpid = false;
        foreach (var word in text.Split(',', StringSplitOptions.TrimEntries))
        {
            switch (word.ToLowerInvariant())
            {
                case "mmi": mmi = true; break;
                case "gpid": gpid = true; break;
                case "all": mmi = gpid = true; break;
                case "imin" or "broja":
                    throw new PidInputException($"--measure {word} is discrete-only; with --estimator gaussian use mmi, gpid (~G-PID, the Gaussian BROJA) or all.");
                default:
                    throw new PidInputException($"--measure '{word}' is not one of mmi, gpid, all (--estimator gaussian).");
            }
        }
        return (mmi, gpid);
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

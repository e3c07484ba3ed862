using PidGpu.Device;
using PidGpu.Discretize;
using PidGpu.Pid;
using PidGpu.Pipeline;

namespace PidGpu.Cli;

/// <summary>Parses the word-valued options, with errors that list the allowed words.</summary>
internal static class OptionValues
{
    public const string TorchDeviceHelp = "Where TorchSharp runs the model: cpu, or cuda (needs a build with TorchSharp's CUDA backend; see the README).";

    /// <summary>--torch-device: the TorchSharp device of the forward (and training) passes. cuda needs TorchSharp's CUDA backend,
    /// which this repository's default build does not carry (it references the CPU-only LibTorch package).</summary>
    public static TorchSharp.torch.Device TorchDevice(string text) => text.Trim().ToLowerInvariant() switch
    {
        "cpu" => TorchSharp.torch.CPU,
        "cuda" => PidGpu.Models.TorchRuntime.CudaAvailable() ? TorchSharp.torch.CUDA : throw new PidInputException(
            "--torch-device cuda: TorchSharp's CUDA backend is not available (torch.cuda.is_available() is false): this build carries the " +
            "CPU-only LibTorch package (libtorch-cpu-linux-x64), or no CUDA GPU and driver are visible. Rebuild with " +
            "`dotnet build -c Release -p:PidGpuTorchBackend=cuda` (LibTorch's CUDA package instead of the CPU one; README, \"Forward passes on a GPU\"), " +
            "or use --torch-device cpu."),
        _ => throw new PidInputException($"--torch-device '{text}' is not one of cpu, cuda."),
    };

    /// <summary>--dtype of the forward passes.</summary>
    public static TorchSharp.torch.ScalarType ForwardDType(string text) => text.Trim().ToLowerInvariant() switch
    {
        "f32" => TorchSharp.torch.ScalarType.Float32,
        "bf16" => TorchSharp.torch.ScalarType.BFloat16,
        "f16" => TorchSharp.torch.ScalarType.Float16,
        _ => throw new PidInputException($"--dtype '{text}' is not one of f32, bf16, f16."),
    };

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

    public static Estimators.BrojaSolverKind Solver(string? text) => (text ?? "newton").Trim().ToLowerInvariant() switch
    {
        "newton" => Estimators.BrojaSolverKind.Newton,
        "scaling" => Estimators.BrojaSolverKind.Scaling,
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

    public static BinningMode Binning(string text) => text.Trim().ToLowerInvariant() switch
    {
        "uniform" => BinningMode.Uniform,
        "quantile" => BinningMode.Quantile,
        _ => throw new PidInputException($"--binning '{text}' is not one of uniform, quantile."),
    };
}

internal enum Estimator { Discrete, Gaussian }

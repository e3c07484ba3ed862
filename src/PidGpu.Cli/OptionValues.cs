using PidGpu.Device;
using PidGpu.Discretize;
using PidGpu.Pid;

namespace PidGpu.Cli;

/// <summary>Parses the word-valued options, with errors that list the allowed words.</summary>
internal static class OptionValues
{
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
                _ => throw new PidInputException($"--measure '{word}' is not one of imin, mmi, broja, all."),
            };
        }
        return result;
    }

    public static DeviceKind Device(string text) => text.Trim().ToLowerInvariant() switch
    {
        "auto" => DeviceKind.Auto,
        "cuda" => DeviceKind.Cuda,
        "opencl" => DeviceKind.OpenCL,
        "cpu" => DeviceKind.Cpu,
        _ => throw new PidInputException($"--device '{text}' is not one of auto, cuda, opencl, cpu."),
    };

    public static BinningMode Binning(string text) => text.Trim().ToLowerInvariant() switch
    {
        "uniform" => BinningMode.Uniform,
        "quantile" => BinningMode.Quantile,
        _ => throw new PidInputException($"--binning '{text}' is not one of uniform, quantile."),
    };
}

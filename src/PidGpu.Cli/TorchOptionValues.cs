namespace PidGpu.Cli;

/// <summary>Parses the options of the TorchSharp forward passes (model commands only: the estimator tool leaves this file out).</summary>
internal static class TorchOptionValues
{
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
}

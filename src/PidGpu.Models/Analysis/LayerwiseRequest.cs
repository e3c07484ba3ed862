using PidGpu.Device;

namespace PidGpu.Models.Analysis;

/// <summary>What <see cref="LayerwiseRun.Execute"/> runs: a scene VLM directory, the estimation settings and the device.</summary>
/// <param name="Model">Directory of a scene VLM (config.json, model.safetensors, vocab.txt).</param>
/// <param name="Options">Tasks, samples, estimator, knockout windows and checkpoint.</param>
public sealed record LayerwiseRequest(string Model, LayerwiseOptions Options)
{
    /// <summary>The accelerator of the PID kernels (forward passes run in TorchSharp on <see cref="TorchDevice"/>).</summary>
    public DeviceKind Device { get; init; } = DeviceKind.Auto;

    /// <summary>Where TorchSharp runs the forward passes (and any training); null = the CPU.</summary>
    public TorchSharp.torch.Device? TorchDevice { get; init; }
}

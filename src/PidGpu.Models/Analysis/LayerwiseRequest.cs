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

    /// <summary>Train the tiny scene VLM into <see cref="Model"/> first when it holds no model (the demo does).</summary>
    public bool TrainWhenMissing { get; init; }

    /// <summary>
    /// Knockout windows that depend on the model, from its decoder block count (e.g. <see cref="LayerwiseRun.HalfAndAllBlocks"/>);
    /// they replace <see cref="LayerwiseOptions.Knockouts"/>. Null = the options' windows.
    /// </summary>
    public Func<int, IReadOnlyList<(int First, int Last)>>? KnockoutsForBlocks { get; init; }
}

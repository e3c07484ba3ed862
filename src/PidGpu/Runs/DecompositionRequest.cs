using PidGpu.Device;

namespace PidGpu.Runs;

/// <summary>One decomposition to run (<see cref="DecompositionRun.Execute"/>): <see cref="DiscreteRequest"/> or
/// <see cref="GaussianRequest"/>.</summary>
public abstract record DecompositionRequest
{
    /// <summary>Which accelerator, where the route needs one.</summary>
    public DeviceKind Device { get; init; } = DeviceKind.Auto;
}

using ILGPU.Runtime;
using PidGpu.Device;

namespace PidGpu.Reduce;

/// <summary>Resolves a <see cref="PcaBackend"/> choice for a device.</summary>
static class ReduceBackends
{
    /// <summary>Whether <paramref name="choice"/> runs on the host for <paramref name="device"/>: ILGPU's CPU accelerator
    /// runs generic kernels on a thread pool, 10–20× slower than packed SIMD products for the dense reduction.</summary>
    public static bool UsesHost(PidDevice device, PcaBackend choice) => choice switch
    {
        PcaBackend.Host => true,
        PcaBackend.Device => false,
        _ => IsCpuAccelerator(device),
    };

    /// <summary>Whether <paramref name="device"/> is ILGPU's CPU accelerator, where the histogram, binning and copula stages
    /// also run as host loops rather than generic kernels.</summary>
    public static bool IsCpuAccelerator(PidDevice device) => device.Accelerator.AcceleratorType == AcceleratorType.CPU;

    public static IReduceBackend For(PidDevice device, PcaBackend choice)
        => UsesHost(device, choice) ? new Cpu.HostReduce() : new DeviceReduce(device);
}

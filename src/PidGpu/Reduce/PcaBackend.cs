namespace PidGpu.Reduce;

/// <summary>Where <see cref="PcaFit"/> and <see cref="PcaProjection"/> run their dense products.</summary>
public enum PcaBackend
{
    /// <summary>The host (<see cref="Host"/>) when the device is ILGPU's CPU accelerator, the device kernels on a GPU.</summary>
    Auto,
    /// <summary>The ILGPU kernels on the device, whatever it is.</summary>
    Device,
    /// <summary>Blocked SIMD products on the host CPU (BLAS-style packing, Vector256 FMA, all cores).</summary>
    Host,
}

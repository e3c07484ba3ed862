using ILGPU.Runtime;
using PidGpu.Device;

namespace PidGpu.Tests.Support;

/// <summary>
/// One CPU <see cref="PidDevice"/> shared by every engine and kernel test class (creating a device and compiling
/// its kernels is the expensive part); disposed when the collection finishes. Classes in the collection run one
/// after another, so they never launch on the accelerator concurrently.
/// </summary>
public sealed class EngineDeviceFixture : IDisposable
{
    public PidDevice Device { get; } = PidDevice.Create(DeviceKind.Cpu);

    readonly Dictionary<Type, object> kernels = [];

    /// <summary>A kernel wrapper (e.g. <c>new ColumnBinning(accelerator)</c>) built once on this device and reused.</summary>
    public T Kernel<T>(Func<Accelerator, T> create) where T : class
    {
        lock (kernels)
        {
            if (!kernels.TryGetValue(typeof(T), out var k)) kernels[typeof(T)] = k = create(Device.Accelerator);
            return (T)k;
        }
    }

    public void Dispose() => Device.Dispose();
}

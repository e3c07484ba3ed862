using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;
using IlgpuDevice = ILGPU.Runtime.Device;

namespace PidGpu.Device;

/// <summary>
/// Owns one ILGPU context and accelerator. Create one per process (compiling kernels is per accelerator)
/// and share it; dispose it at exit.
/// </summary>
public sealed class PidDevice : IDisposable
{
    public Context Context { get; }
    public Accelerator Accelerator { get; }
    public DeviceKind Kind { get; }

    /// <summary>Human-readable accelerator name, e.g. for the CLI banner.</summary>
    public string Description => $"{Kind.ToString().ToLowerInvariant()}: {Accelerator.Name}";

    PidDevice(Context context, Accelerator accelerator, DeviceKind kind)
    {
        Context = context; Accelerator = accelerator; Kind = kind;
    }

    /// <exception cref="PidInputException">The requested kind of accelerator is not present.</exception>
    public static PidDevice Create(DeviceKind kind = DeviceKind.Auto)
    {
        // The CPU accelerator gets one multiprocessor per core; ILGPU's default CPU device has only one.
        var cpu = new CPUDevice(4, 4, Environment.ProcessorCount);
        var context = Context.Create(b => b.Cuda().OpenCL().CPU(cpu).EnableAlgorithms().Math(MathMode.Default));
        try
        {
            IlgpuDevice? device = kind switch
            {
                DeviceKind.Cuda => First(context, AcceleratorType.Cuda),
                DeviceKind.OpenCL => First(context, AcceleratorType.OpenCL),
                DeviceKind.Cpu => First(context, AcceleratorType.CPU),
                _ => First(context, AcceleratorType.Cuda) ?? First(context, AcceleratorType.CPU),
            };
            if (device is null)
                throw new PidInputException($"no {kind.ToString().ToLowerInvariant()} accelerator on this machine.")
                {
                    Setting = nameof(DeviceKind), SuggestedValue = nameof(DeviceKind.Auto),
                };
            var resolved = kind == DeviceKind.Auto
                ? device.AcceleratorType == AcceleratorType.Cuda ? DeviceKind.Cuda : DeviceKind.Cpu
                : kind;
            return new PidDevice(context, device.CreateAccelerator(context), resolved);
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>Whether <see cref="DeviceKind.Auto"/> would pick CUDA; starts no accelerator.</summary>
    internal static bool CudaPresent()
    {
        using var context = Context.Create(b => b.Cuda());
        return First(context, AcceleratorType.Cuda) is not null;
    }

    static IlgpuDevice? First(Context context, AcceleratorType type)
    {
        foreach (var device in context.Devices)
            if (device.AcceleratorType == type) return device;
        return null;
    }

    public void Dispose()
    {
        Accelerator.Dispose();
        Context.Dispose();
    }
}

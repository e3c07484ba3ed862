using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;
using IlgpuDevice = ILGPU.Runtime.Device;

namespace PidGpu.Device;

/// <summary>
/// The accelerator and stream the library's engines work on. <see cref="Create"/> makes and owns a context and accelerator
/// (create one per process: kernels compile per accelerator; dispose it at exit); <see cref="Use"/> works on an accelerator
/// and stream the caller already owns and leaves them alive on dispose, so an ILGPU pipeline can run our engines on its
/// own device, in order with its own work.
/// </summary>
public sealed class PidDevice : IDisposable
{
    public Context Context { get; }
    public Accelerator Accelerator { get; }
    public DeviceKind Kind { get; }

    /// <summary>The stream every launch and copy of the library goes on: the accelerator's default stream for a created
    /// device, the caller's for <see cref="Use"/>.</summary>
    public AcceleratorStream Stream { get; }

    /// <summary>False for <see cref="Use"/>: dispose then leaves the caller's accelerator and context alone.</summary>
    public bool OwnsAccelerator { get; }

    /// <summary>Bytes moved through the copy helpers (<see cref="Upload{T}"/> and its siblings).</summary>
    public TransferLedger Transfers { get; } = new();

    /// <summary>Human-readable accelerator name, e.g. for the CLI banner.</summary>
    public string Description => $"{Kind.ToString().ToLowerInvariant()}: {Accelerator.Name}";

    PidDevice(Context context, Accelerator accelerator, DeviceKind kind, AcceleratorStream stream, bool owns)
    {
        Context = context; Accelerator = accelerator; Kind = kind; Stream = stream; OwnsAccelerator = owns;
    }

    /// <summary>
    /// The library on a caller-owned <paramref name="accelerator"/>: every launch and copy goes on <paramref name="stream"/>
    /// (default: the accelerator's default stream), kernels compile once per accelerator, and disposing the result
    /// disposes nothing of the caller's. Engine calls that return host values synchronise that stream.
    /// </summary>
    /// <exception cref="ArgumentException">The stream belongs to another accelerator.</exception>
    public static PidDevice Use(Accelerator accelerator, AcceleratorStream? stream = null)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        if (stream is not null && stream.Accelerator != accelerator)
            throw new ArgumentException("the stream belongs to another accelerator.", nameof(stream));
        var kind = accelerator.AcceleratorType switch
        {
            AcceleratorType.Cuda => DeviceKind.Cuda,
            AcceleratorType.OpenCL => DeviceKind.OpenCL,
            _ => DeviceKind.Cpu,
        };
        return new PidDevice(accelerator.Context, accelerator, kind, stream ?? accelerator.DefaultStream, owns: false);
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
            var accelerator = device.CreateAccelerator(context);
            return new PidDevice(context, accelerator, resolved, accelerator.DefaultStream, owns: true);
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

    /// <summary>Copies <paramref name="source"/> into the start of <paramref name="target"/> on <paramref name="stream"/> (default:
    /// <see cref="Stream"/>), counted.</summary>
    internal void Upload<T>(ArrayView<T> target, ReadOnlySpan<T> source, AcceleratorStream? stream = null) where T : unmanaged
    {
        if (source.Length == 0) return;
        target.SubView(0, source.Length).CopyFromCPU(stream ?? Stream, source);
        Transfers.Uploaded((long)source.Length * Interop.SizeOf<T>());
    }

    /// <summary>A new device buffer holding <paramref name="source"/> (counted).</summary>
    internal MemoryBuffer1D<T, Stride1D.Dense> Allocate<T>(ReadOnlySpan<T> source) where T : unmanaged
    {
        var buffer = Accelerator.Allocate1D<T>(source.Length);
        Upload(buffer.View, source);
        return buffer;
    }

    /// <summary>The view's values on the host, after <paramref name="stream"/>'s work (default: <see cref="Stream"/>), counted.</summary>
    internal T[] Download<T>(ArrayView<T> source, AcceleratorStream? stream = null) where T : unmanaged
    {
        var host = new T[source.Length];
        Download(source, host, stream);
        return host;
    }

    /// <summary>Copies the view into <paramref name="target"/> (same length) after <paramref name="stream"/>'s work, counted.</summary>
    internal void Download<T>(ArrayView<T> source, Span<T> target, AcceleratorStream? stream = null) where T : unmanaged =>
        Download(source, target, stream ?? Stream, Transfers);

    /// <summary>The same copy for code handed a caller's accelerator and stream rather than a <see cref="PidDevice"/>:
    /// counted in <paramref name="transfers"/> when the caller keeps a ledger.</summary>
    internal static void Download<T>(ArrayView<T> source, Span<T> target, AcceleratorStream stream, TransferLedger? transfers) where T : unmanaged
    {
        if (source.Length == 0) return;
        source.CopyToCPU(stream, target);
        stream.Synchronize();
        transfers?.Downloaded(source.Length * Interop.SizeOf<T>());
    }

    public void Dispose()
    {
        if (!OwnsAccelerator) return;
        Accelerator.Dispose();
        Context.Dispose();
    }
}

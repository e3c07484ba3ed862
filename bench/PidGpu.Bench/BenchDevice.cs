using PidGpu.Device;
using PidGpu.Estimate;

namespace PidGpu.Bench;

/// <summary>
/// The accelerator the benchmarks run on, chosen by the environment variable <c>PIDGPU_BENCH_DEVICE</c>
/// (cpu | cuda | opencl | auto; default auto = CUDA when present, else the CPU accelerator). BenchmarkDotNet's child processes inherit the environment, so
/// setting it before <c>dotnet run</c> applies to every benchmark.
/// </summary>
public static class BenchDevice
{
    public const string Variable = "PIDGPU_BENCH_DEVICE";

    public static DeviceKind Requested
    {
        get
        {
            var text = Environment.GetEnvironmentVariable(Variable);
            return (text ?? "auto").Trim().ToLowerInvariant() switch
            {
                "cpu" => DeviceKind.Cpu,
                "cuda" => DeviceKind.Cuda,
                "opencl" => DeviceKind.OpenCL,
                "" or "auto" => DeviceKind.Auto,
                _ => throw new ArgumentException($"{Variable}={text}: expected cpu, cuda, opencl or auto."),
            };
        }
    }

    /// <summary>Creates the requested device and says which one it is in the benchmark log.</summary>
    public static PidDevice Create()
    {
        var device = PidDevice.Create(Requested);
        Console.WriteLine($"// PidGpu device: {device.Description} ({Variable}={Environment.GetEnvironmentVariable(Variable) ?? "(unset: auto)"})");
        return device;
    }

    /// <summary>
    /// Compiles the kernels <paramref name="measures"/> need (and JITs the host path) by solving two tiny problems,
    /// so that compilation is never part of a measurement. Kernels take the shape as an argument: one compile
    /// serves every problem size.
    /// </summary>
    public static void WarmUp(DiscretePidEngine engine, IReadOnlyCollection<IPidMeasure> measures)
    {
        var rng = new Random(1);
        engine.Decompose([RandomJoints.Dirichlet(rng, 2, 2, 2), RandomJoints.Dirichlet(rng, 2, 2, 2)], measures);
    }
}

namespace PidGpu.Estimate;

/// <summary>Where <see cref="BrojaSolverKind.Newton"/> runs when the engine has an accelerator.</summary>
public enum BrojaNewtonPlacement
{
    /// <summary>On a GPU (CUDA, OpenCL) the batched kernel, one group per problem, for batches of problems up to 16³-sized
    /// Newton systems; single problems, larger ones, the CPU accelerator and engines without an accelerator use the host
    /// solver.</summary>
    Auto,
    /// <summary>Always the host solver (problems side by side over the cores).</summary>
    Host,
    /// <summary>Always the kernel on the engine's accelerator (the CPU accelerator too: slow, for testing).</summary>
    Device,
}

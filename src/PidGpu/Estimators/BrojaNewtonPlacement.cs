namespace PidGpu.Estimators;

/// <summary>Where <see cref="BrojaSolverKind.Newton"/> runs when the engine has an accelerator.</summary>
public enum BrojaNewtonPlacement
{
    /// <summary>On a GPU (CUDA, OpenCL) the batched kernel, one group per problem; on the CPU accelerator or without
    /// one, the host solver, which is faster there.</summary>
    Auto,
    /// <summary>Always the host solver (problems side by side over the cores).</summary>
    Host,
    /// <summary>Always the kernel on the engine's accelerator (the CPU accelerator too: slow, for testing).</summary>
    Device,
}

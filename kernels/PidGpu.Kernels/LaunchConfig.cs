using ILGPU;
using ILGPU.Runtime;

namespace PidGpu.Kernels;

/// <summary>
/// Explicit launch shapes. ILGPU's auto-grouped kernels are very slow on the CPU accelerator, so every
/// kernel here is explicitly grouped with grid-stride loops.
/// </summary>
internal static class LaunchConfig
{
    /// <summary>Threads cooperating on one problem: 1 on the CPU (no barrier cost), a few warps on a GPU.</summary>
    public static int ThreadsPerProblem(Accelerator accelerator) =>
        accelerator.AcceleratorType == AcceleratorType.CPU ? 1 : Math.Min(128, accelerator.MaxNumThreadsPerGroup);

    /// <summary>One group per problem.</summary>
    public static KernelConfig PerProblem(Accelerator accelerator, int problems) =>
        new(Math.Max(problems, 1), ThreadsPerProblem(accelerator));

    /// <summary>A grid for a grid-stride loop over <paramref name="elements"/> items.</summary>
    public static KernelConfig GridStride(Accelerator accelerator, long elements)
    {
        int group = accelerator.AcceleratorType == AcceleratorType.CPU
            ? accelerator.WarpSize
            : Math.Min(256, accelerator.MaxNumThreadsPerGroup);
        long wanted = (elements + group - 1) / group;
        int cap = accelerator.AcceleratorType == AcceleratorType.CPU
            ? Math.Max(1, accelerator.NumMultiprocessors) * 4
            : Math.Max(1, accelerator.NumMultiprocessors) * 32;
        return new KernelConfig((int)Math.Clamp(wanted, 1, cap), group);
    }
}

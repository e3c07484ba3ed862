using ILGPU;
using ILGPU.Runtime;

namespace PidGpu.Kernels;

/// <summary>
/// Joint histograms of integer codes (x1, x2, y) for a batch of B problems that share sample count and shape
/// (e.g. one per layer): codes are [B*samples], counts [B*Cells] (caller zeroes them), atomically accumulated.
/// </summary>
public sealed class JointHistogram
{
    readonly Accelerator accelerator;
    readonly Action<AcceleratorStream, KernelConfig, ProblemShape, int, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<int>> kernel;

    public JointHistogram(Accelerator accelerator)
    {
        this.accelerator = accelerator;
        kernel = accelerator.LoadKernel<ProblemShape, int, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<int>>(Kernel);
    }

    /// <summary>Codes must lie in [0, N1), [0, N2), [0, NY); the library validates them before launch.</summary>
    public void Launch(AcceleratorStream stream, ProblemShape shape, int problems, int samples,
        ArrayView<int> x1, ArrayView<int> x2, ArrayView<int> y, ArrayView<int> counts)
        => kernel(stream, LaunchConfig.GridStride(accelerator, (long)problems * samples), shape, samples, x1, x2, y, counts);

    static void Kernel(ProblemShape s, int samples, ArrayView<int> x1, ArrayView<int> x2, ArrayView<int> y, ArrayView<int> counts)
    {
        long total = x1.Length;
        for (long i = Grid.GlobalIndex.X; i < total; i += (long)Grid.DimX * Group.DimX)
        {
            long problem = i / samples;
            long cell = ((long)x1[i] * s.N2 + x2[i]) * s.NY + y[i];
            Atomic.Add(ref counts[problem * s.Cells + cell], 1);
        }
    }
}

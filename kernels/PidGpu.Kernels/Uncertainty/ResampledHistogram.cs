using ILGPU;
using ILGPU.Runtime;

namespace PidGpu.Kernels.Uncertainty;

/// <summary>
/// Joint histograms of resampled integer codes (x1, x2, y) for a batch of replicates: bootstrap draws (the same
/// <see cref="CounterRng"/> draws as <see cref="ResamplingKernels.LaunchBootstrapCounts"/>) or shuffled-Y permutations
/// (a permutation buffer from <see cref="ResamplingKernels.LaunchPermutations"/>). Counts are [replicates × Cells] ints,
/// zeroed by the caller; integer atomics only, so the counts do not depend on thread order.
/// </summary>
internal sealed class ResampledHistogram
{
    readonly Accelerator accelerator;
    readonly Action<AcceleratorStream, KernelConfig, ProblemShape, ulong, int, int, int, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<int>> bootstrapKernel;
    readonly Action<AcceleratorStream, KernelConfig, ProblemShape, int, int, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<int>> permutedKernel;

    public ResampledHistogram(Accelerator accelerator)
    {
        this.accelerator = accelerator;
        bootstrapKernel = accelerator.LoadKernel<ProblemShape, ulong, int, int, int, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<int>>(BootstrapKernel);
        permutedKernel = accelerator.LoadKernel<ProblemShape, int, int, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<int>>(PermutedKernel);
    }

    /// <summary>counts[b] ← histogram of rows drawn with replacement for replicate firstReplicate + b.</summary>
    public void LaunchBootstrap(AcceleratorStream stream, ProblemShape shape, ulong seed, int firstReplicate, int replicates, int rows,
        ArrayView<int> x1, ArrayView<int> x2, ArrayView<int> y, ArrayView<int> counts)
        => bootstrapKernel(stream, LaunchConfig.GridStride(accelerator, (long)replicates * rows), shape, seed, firstReplicate, replicates, rows, x1, x2, y, counts);

    /// <summary>counts[b] ← histogram of (x1[r], x2[r], y[permutation[b, r]]).</summary>
    public void LaunchPermuted(AcceleratorStream stream, ProblemShape shape, int replicates, int rows,
        ArrayView<int> x1, ArrayView<int> x2, ArrayView<int> y, ArrayView<int> permutation, ArrayView<int> counts)
        => permutedKernel(stream, LaunchConfig.GridStride(accelerator, (long)replicates * rows), shape, replicates, rows, x1, x2, y, permutation, counts);

    static void BootstrapKernel(ProblemShape s, ulong seed, int firstReplicate, int replicates, int rows,
        ArrayView<int> x1, ArrayView<int> x2, ArrayView<int> y, ArrayView<int> counts)
    {
        long total = (long)replicates * rows;
        for (long k = Grid.GlobalIndex.X; k < total; k += (long)Grid.DimX * Group.DimX)
        {
            long b = k / rows, draw = k % rows;
            int r = CounterRng.Below(CounterRng.Next(CounterRng.StreamState(seed, firstReplicate + b), draw), rows);
            long cell = ((long)x1[r] * s.N2 + x2[r]) * s.NY + y[r];
            Atomic.Add(ref counts[b * s.Cells + cell], 1);
        }
    }

    static void PermutedKernel(ProblemShape s, int replicates, int rows,
        ArrayView<int> x1, ArrayView<int> x2, ArrayView<int> y, ArrayView<int> permutation, ArrayView<int> counts)
    {
        long total = (long)replicates * rows;
        for (long k = Grid.GlobalIndex.X; k < total; k += (long)Grid.DimX * Group.DimX)
        {
            long b = k / rows;
            int r = (int)(k % rows);
            long cell = ((long)x1[r] * s.N2 + x2[r]) * s.NY + y[permutation[k]];
            Atomic.Add(ref counts[b * s.Cells + cell], 1);
        }
    }
}

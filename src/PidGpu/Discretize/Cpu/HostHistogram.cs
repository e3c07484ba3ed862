using PidGpu.Kernels;

namespace PidGpu.Discretize.Cpu;

/// <summary>
/// The joint histogram of <see cref="JointHistogram"/> as a plain <see cref="Parallel.For(int, int, Action{int})"/> on the host:
/// each task counts a slice of one problem's samples into its own table, then adds it to the shared counts (integer sums, so
/// the result does not depend on the slicing). On ILGPU's CPU accelerator the kernel's atomics cost ~50× this loop.
/// </summary>
static class HostHistogram
{
    /// <summary>Samples per task: enough to pay for a private table of up to a few thousand cells.</summary>
    const int SliceSamples = 1 << 16;

    /// <summary>Counts [problems × Cells] of codes [problems × samples], already checked against their alphabets.</summary>
    public static int[] Count(ProblemShape shape, int problems, int samples, int[] x1, int[] x2, int[] y)
    {
        var counts = new int[(long)problems * shape.Cells];
        int slices = (samples + SliceSamples - 1) / SliceSamples;
        Parallel.For(0, problems * slices, task =>
        {
            int problem = task / slices, slice = task % slices;
            long start = (long)problem * samples + (long)slice * SliceSamples;
            long end = Math.Min(start + SliceSamples, (long)(problem + 1) * samples);
            long offset = (long)problem * shape.Cells;
            if (shape.Cells > SliceSamples)
            {
                // A table larger than the slice: counting straight into the shared one touches fewer cells.
                for (long i = start; i < end; i++) Interlocked.Increment(ref counts[offset + Cell(shape, x1[i], x2[i], y[i])]);
                return;
            }
            var local = new int[shape.Cells];
            for (long i = start; i < end; i++) local[Cell(shape, x1[i], x2[i], y[i])]++;
            lock (counts)
                for (int c = 0; c < local.Length; c++) counts[offset + c] += local[c];
        });
        return counts;
    }

    static int Cell(ProblemShape s, int x1, int x2, int y) => (x1 * s.N2 + x2) * s.NY + y;
}

using ILGPU;
using ILGPU.Runtime;

namespace PidGpu.Kernels.Gaussian;

/// <summary>
/// Chunked maximum-likelihood covariance of float32 data on the device, for a batch of problems (e.g. layers)
/// whose chunks are stored back to back as row-major [rows × Columns] blocks.
///
/// Numerics (shifted-data algorithm, Chan, Golub &amp; LeVeque 1983): every row is shifted by a fixed c — the
/// first chunk's column means, from <see cref="LaunchShift"/> — and the kernel accumulates, in double,
/// S = Σ (x − c) and Q = Σ (x − c)(x − c)ᵀ. The finaliser returns mean = c + S/N and Cov = (Q − S Sᵀ/N) / N.
/// With c near the mean, S Sᵀ/N is small, so the textbook cancellation of E[xxᵀ] − mean·meanᵀ never occurs.
/// </summary>
internal sealed class CovarianceAccumulator
{
    readonly Accelerator accelerator;
    readonly Action<AcceleratorStream, KernelConfig, int, int, int, ArrayView<float>, ArrayView<double>> shiftKernel;
    readonly Action<AcceleratorStream, KernelConfig, CovarianceShape, int, int, ArrayView<float>, ArrayView<double>, ArrayView<double>> accumulateKernel;
    readonly Action<AcceleratorStream, KernelConfig, CovarianceShape, int, long, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>> finalizeKernel;

    public CovarianceAccumulator(Accelerator accelerator)
    {
        this.accelerator = accelerator;
        shiftKernel = accelerator.LoadKernel<int, int, int, ArrayView<float>, ArrayView<double>>(ShiftKernel);
        accumulateKernel = accelerator.LoadKernel<CovarianceShape, int, int, ArrayView<float>, ArrayView<double>, ArrayView<double>>(AccumulateKernel);
        finalizeKernel = accelerator.LoadKernel<CovarianceShape, int, long, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>>(FinalizeKernel);
    }

    /// <summary>Slices per problem that fill the device's grid-stride capacity (fixed for an accumulation).</summary>
    public static int SlicesFor(Accelerator accelerator, int columns, int problems)
    {
        var full = LaunchConfig.GridStride(accelerator, long.MaxValue);
        long threads = (long)full.GridDim.X * full.GroupDim.X;
        long items = (long)problems * new CovarianceShape(columns, 1).Items;
        return (int)Math.Min(64, Math.Max(1, (threads + items - 1) / items));
    }

    /// <summary>shift[p, c] ← mean over the chunk's rows of column c of problem p (call on the first chunk only).</summary>
    public void LaunchShift(AcceleratorStream stream, int columns, int problems, int rows, ArrayView<float> chunk, ArrayView<double> shift)
        => shiftKernel(stream, LaunchConfig.GridStride(accelerator, (long)problems * columns), columns, problems, rows, chunk, shift);

    /// <summary>
    /// Adds one chunk (problems × rows × Columns floats) into partial (problems × PartialLength doubles; zero it
    /// before the first chunk). Rows of different chunks may differ; the caller counts them.
    /// </summary>
    public void LaunchAccumulate(AcceleratorStream stream, CovarianceShape shape, int problems, int rows,
        ArrayView<float> chunk, ArrayView<double> shift, ArrayView<double> partial)
        => accumulateKernel(stream, LaunchConfig.GridStride(accelerator, problems * shape.PartialLength), shape, problems, rows, chunk, shift, partial);

    /// <summary>mean: problems × Columns; covariance: problems × Columns² (row-major, symmetric); N = rows seen.</summary>
    public void LaunchFinalize(AcceleratorStream stream, CovarianceShape shape, int problems, long totalRows,
        ArrayView<double> shift, ArrayView<double> partial, ArrayView<double> mean, ArrayView<double> covariance)
        => finalizeKernel(stream, LaunchConfig.GridStride(accelerator, (long)problems * shape.Items), shape, problems, totalRows, shift, partial, mean, covariance);

    static void ShiftKernel(int columns, int problems, int rows, ArrayView<float> chunk, ArrayView<double> shift)
    {
        long total = (long)problems * columns;
        for (long k = Grid.GlobalIndex.X; k < total; k += (long)Grid.DimX * Group.DimX)
        {
            long p = k / columns, c = k % columns;
            long baseRow = p * rows * columns;
            double sum = 0;
            for (int r = 0; r < rows; r++) sum += chunk[baseRow + (long)r * columns + c];
            shift[k] = rows > 0 ? sum / rows : 0;
        }
    }

    static void AccumulateKernel(CovarianceShape s, int problems, int rows, ArrayView<float> chunk, ArrayView<double> shift, ArrayView<double> partial)
    {
        long total = problems * s.PartialLength;
        for (long k = Grid.GlobalIndex.X; k < total; k += (long)Grid.DimX * Group.DimX)
        {
            long p = k / s.PartialLength;
            long rem = k % s.PartialLength;
            int slice = (int)(rem / s.Items), item = (int)(rem % s.Items);
            int first = (int)((long)slice * rows / s.Slices), last = (int)((long)(slice + 1) * rows / s.Slices);
            long baseRow = p * rows * s.Columns;
            long shiftBase = p * s.Columns;
            double sum = 0;
            if (item < s.Columns)
            {
                double c = shift[shiftBase + item];
                for (int r = first; r < last; r++) sum += chunk[baseRow + (long)r * s.Columns + item] - c;
            }
            else
            {
                PairOf(s.Columns, item - s.Columns, out int i, out int j);
                double ci = shift[shiftBase + i], cj = shift[shiftBase + j];
                for (int r = first; r < last; r++)
                {
                    long row = baseRow + (long)r * s.Columns;
                    sum += (chunk[row + i] - ci) * (chunk[row + j] - cj);
                }
            }
            partial[k] += sum;
        }
    }

    static void FinalizeKernel(CovarianceShape s, int problems, long n, ArrayView<double> shift, ArrayView<double> partial,
        ArrayView<double> mean, ArrayView<double> covariance)
    {
        long total = (long)problems * s.Items;
        for (long k = Grid.GlobalIndex.X; k < total; k += (long)Grid.DimX * Group.DimX)
        {
            long p = k / s.Items;
            int item = (int)(k % s.Items);
            long partialBase = p * s.PartialLength;
            if (item < s.Columns)
            {
                mean[p * s.Columns + item] = shift[p * s.Columns + item] + SliceSum(s, partial, partialBase, item) / n;
                continue;
            }
            PairOf(s.Columns, item - s.Columns, out int i, out int j);
            double si = SliceSum(s, partial, partialBase, i), sj = SliceSum(s, partial, partialBase, j);
            double q = SliceSum(s, partial, partialBase, item);
            double c = (q - si * sj / n) / n;
            long covBase = p * s.Columns * s.Columns;
            covariance[covBase + (long)i * s.Columns + j] = c;
            covariance[covBase + (long)j * s.Columns + i] = c;
        }
    }

    /// <summary>Sum over slices, always in slice order (deterministic).</summary>
    static double SliceSum(CovarianceShape s, ArrayView<double> partial, long partialBase, int item)
    {
        double sum = 0;
        for (int sl = 0; sl < s.Slices; sl++) sum += partial[partialBase + (long)sl * s.Items + item];
        return sum;
    }

    /// <summary>Upper-triangle pair index → (i, j), i ≤ j, row by row: (0,0), (0,1), …, (0,d−1), (1,1), ….</summary>
    static void PairOf(int d, int pair, out int i, out int j)
    {
        i = 0;
        while (pair >= d - i) { pair -= d - i; i++; }
        j = i + pair;
    }
}

using ILGPU;
using ILGPU.Runtime;

namespace PidGpu.Kernels.Reduce;

/// <summary>
/// Kernels of the matrix-free correlation operator W = Zᵀ(Z·Q) for a float chunk X [rows×d] standardised on the fly,
/// Z = (X − mean)/scale, without ever forming the d×d matrix (all matrices row-major, sums in double):
/// <list type="bullet">
/// <item><see cref="LaunchMoments"/>: per column Σ(x − shift) and Σ(x − shift)² (shifted sums against cancellation).</item>
/// <item><see cref="LaunchScores"/>: y = (X − mean)·w, w = Q/scale [d×m].</item>
/// <item><see cref="LaunchBackProject"/>: acc += (X − mean)ᵀ·y [d×m].</item>
/// </list>
/// The two products work on 4×4 register micro-tiles (as the CPU path of the tiled Gram kernel does): 16 multiply-adds
/// per 8–9 loads instead of a load-add-store per multiply-add, so m must be a multiple of <see cref="Micro"/>. Every
/// output is owned by one thread and folded in a fixed order, so results are deterministic (no atomics).
/// </summary>
internal sealed class CorrelationOperatorKernels
{
    readonly Accelerator accelerator;
    readonly Action<AcceleratorStream, KernelConfig, int, int, int, ArrayView<float>, ArrayView<double>, ArrayView<double>> momentsKernel;
    readonly Action<AcceleratorStream, KernelConfig, int, int, int, ArrayView<float>, ArrayView<double>, ArrayView<double>, ArrayView<double>> scoresKernel;
    readonly Action<AcceleratorStream, KernelConfig, int, int, int, ArrayView<float>, ArrayView<double>, ArrayView<double>, ArrayView<double>> backProjectKernel;

    /// <summary>Register micro-tile side: block widths m must be multiples of it.</summary>
    public const int Micro = 4;
    /// <summary>Rows every thread finishes before the next block (keeps the block of x shared in cache).</summary>
    const int RowBlock = 64;

    public CorrelationOperatorKernels(Accelerator accelerator)
    {
        this.accelerator = accelerator;
        momentsKernel = accelerator.LoadKernel<int, int, int, ArrayView<float>, ArrayView<double>, ArrayView<double>>(MomentsKernel);
        scoresKernel = accelerator.LoadKernel<int, int, int, ArrayView<float>, ArrayView<double>, ArrayView<double>, ArrayView<double>>(ScoresKernel);
        backProjectKernel = accelerator.LoadKernel<int, int, int, ArrayView<float>, ArrayView<double>, ArrayView<double>, ArrayView<double>>(BackProjectKernel);
    }

    /// <summary>Columns per thread in the moments kernel: a 64-byte line of floats on the CPU, one on a GPU.</summary>
    int ColumnBlock => accelerator.AcceleratorType == AcceleratorType.CPU ? 16 : 1;

    /// <summary>sums[c] += Σ_r (x[r, c] − shift[c]); sums[d + c] += Σ_r (x[r, c] − shift[c])² (sums: 2d doubles, zeroed first).</summary>
    public void LaunchMoments(AcceleratorStream stream, int rows, int d, ArrayView<float> x, ArrayView<double> shift, ArrayView<double> sums)
    {
        int block = ColumnBlock;
        momentsKernel(stream, LaunchConfig.GridStride(accelerator, (d + block - 1) / block), rows, d, block, x, shift, sums);
    }

    /// <summary>y[r·m + j] ← Σ_c (x[r·d + c] − mean[c]) · w[c·m + j] for r &lt; rows.</summary>
    public void LaunchScores(AcceleratorStream stream, int rows, int d, int m, ArrayView<float> x,
        ArrayView<double> mean, ArrayView<double> w, ArrayView<double> y)
    {
        CheckBlock(m);
        long items = (long)(rows + Micro - 1) / Micro * (m / Micro);
        scoresKernel(stream, LaunchConfig.GridStride(accelerator, items), rows, d, m, x, mean, w, y);
    }

    /// <summary>acc[c·m + j] += Σ_r (x[r·d + c] − mean[c]) · y[r·m + j] for c &lt; d, over the chunk's rows.</summary>
    public void LaunchBackProject(AcceleratorStream stream, int rows, int d, int m, ArrayView<float> x,
        ArrayView<double> mean, ArrayView<double> y, ArrayView<double> acc)
    {
        CheckBlock(m);
        long items = (long)(d + Micro - 1) / Micro * (m / Micro);
        backProjectKernel(stream, LaunchConfig.GridStride(accelerator, items), rows, d, m, x, mean, y, acc);
    }

    static void CheckBlock(int m)
    {
        if (m < Micro || m % Micro != 0)
            throw new ArgumentException($"the block width m = {m} must be a positive multiple of {Micro} (pad with zero columns).", nameof(m));
    }

    static void MomentsKernel(int rows, int d, int block, ArrayView<float> x, ArrayView<double> shift, ArrayView<double> sums)
    {
        int blocks = (d + block - 1) / block;
        for (int b = Grid.GlobalIndex.X; b < blocks; b += Grid.DimX * Group.DimX)
        {
            int first = b * block, last = Math.Min(d, first + block);
            for (int r = 0; r < rows; r++)
            {
                long row = (long)r * d;
                for (int c = first; c < last; c++)
                {
                    double v = x[row + c] - shift[c];
                    sums[c] += v;
                    sums[d + c] += v * v;
                }
            }
        }
    }

    static void ScoresKernel(int rows, int d, int m, ArrayView<float> x, ArrayView<double> mean, ArrayView<double> w, ArrayView<double> y)
    {
        // Work item: a 4-row × 4-column micro-tile of y held in registers over the whole dot product (rows past the end
        // re-read the last row and are not stored).
        int rowTiles = (rows + Micro - 1) / Micro, colTiles = m / Micro;
        long items = (long)rowTiles * colTiles;
        for (long e = Grid.GlobalIndex.X; e < items; e += (long)Grid.DimX * Group.DimX)
        {
            int r0 = (int)(e / colTiles) * Micro, j0 = (int)(e % colTiles) * Micro;
            long x0 = (long)r0 * d, x1 = (long)Math.Min(r0 + 1, rows - 1) * d;
            long x2 = (long)Math.Min(r0 + 2, rows - 1) * d, x3 = (long)Math.Min(r0 + 3, rows - 1) * d;
            double a00 = 0, a01 = 0, a02 = 0, a03 = 0, a10 = 0, a11 = 0, a12 = 0, a13 = 0;
            double a20 = 0, a21 = 0, a22 = 0, a23 = 0, a30 = 0, a31 = 0, a32 = 0, a33 = 0;
            for (int c = 0; c < d; c++)
            {
                double mc = mean[c];
                double v0 = x[x0 + c] - mc, v1 = x[x1 + c] - mc, v2 = x[x2 + c] - mc, v3 = x[x3 + c] - mc;
                long wc = (long)c * m + j0;
                double w0 = w[wc], w1 = w[wc + 1], w2 = w[wc + 2], w3 = w[wc + 3];
                a00 += v0 * w0; a01 += v0 * w1; a02 += v0 * w2; a03 += v0 * w3;
                a10 += v1 * w0; a11 += v1 * w1; a12 += v1 * w2; a13 += v1 * w3;
                a20 += v2 * w0; a21 += v2 * w1; a22 += v2 * w2; a23 += v2 * w3;
                a30 += v3 * w0; a31 += v3 * w1; a32 += v3 * w2; a33 += v3 * w3;
            }
            Store(y, (long)r0 * m + j0, a00, a01, a02, a03);
            if (r0 + 1 < rows) Store(y, (long)(r0 + 1) * m + j0, a10, a11, a12, a13);
            if (r0 + 2 < rows) Store(y, (long)(r0 + 2) * m + j0, a20, a21, a22, a23);
            if (r0 + 3 < rows) Store(y, (long)(r0 + 3) * m + j0, a30, a31, a32, a33);
        }
    }

    static void Store(ArrayView<double> target, long at, double v0, double v1, double v2, double v3)
    {
        target[at] = v0;
        target[at + 1] = v1;
        target[at + 2] = v2;
        target[at + 3] = v3;
    }

    static void Add(ArrayView<double> target, long at, double v0, double v1, double v2, double v3)
    {
        target[at] += v0;
        target[at + 1] += v1;
        target[at + 2] += v2;
        target[at + 3] += v3;
    }

    static void BackProjectKernel(int rows, int d, int m, ArrayView<float> x, ArrayView<double> mean,
        ArrayView<double> y, ArrayView<double> acc)
    {
        // Work item: a 4-column × 4-column micro-tile of acc in registers. Every thread walks the rows in blocks of
        // RowBlock and finishes its items on one block before the next, so the threads share each block of x in cache
        // (an item reads 16 bytes of a row; a whole block is re-read by all items that share its cache lines).
        int colTiles = (d + Micro - 1) / Micro, jTiles = m / Micro;
        long items = (long)colTiles * jTiles;
        for (int first = 0; first < rows; first += RowBlock)
        {
            int last = Math.Min(rows, first + RowBlock);
            for (long e = Grid.GlobalIndex.X; e < items; e += (long)Grid.DimX * Group.DimX)
            {
                int c0 = (int)(e / jTiles) * Micro, j0 = (int)(e % jTiles) * Micro;
                // Columns past the end re-read the last column and are not stored.
                int c1 = Math.Min(c0 + 1, d - 1), c2 = Math.Min(c0 + 2, d - 1), c3 = Math.Min(c0 + 3, d - 1);
                double m0 = mean[c0], m1 = mean[c1], m2 = mean[c2], m3 = mean[c3];
                double a00 = 0, a01 = 0, a02 = 0, a03 = 0, a10 = 0, a11 = 0, a12 = 0, a13 = 0;
                double a20 = 0, a21 = 0, a22 = 0, a23 = 0, a30 = 0, a31 = 0, a32 = 0, a33 = 0;
                for (int r = first; r < last; r++)
                {
                    long row = (long)r * d;
                    double v0 = x[row + c0] - m0, v1 = x[row + c1] - m1, v2 = x[row + c2] - m2, v3 = x[row + c3] - m3;
                    long yr = (long)r * m + j0;
                    double y0 = y[yr], y1 = y[yr + 1], y2 = y[yr + 2], y3 = y[yr + 3];
                    a00 += v0 * y0; a01 += v0 * y1; a02 += v0 * y2; a03 += v0 * y3;
                    a10 += v1 * y0; a11 += v1 * y1; a12 += v1 * y2; a13 += v1 * y3;
                    a20 += v2 * y0; a21 += v2 * y1; a22 += v2 * y2; a23 += v2 * y3;
                    a30 += v3 * y0; a31 += v3 * y1; a32 += v3 * y2; a33 += v3 * y3;
                }
                Add(acc, (long)c0 * m + j0, a00, a01, a02, a03);
                if (c0 + 1 < d) Add(acc, (long)(c0 + 1) * m + j0, a10, a11, a12, a13);
                if (c0 + 2 < d) Add(acc, (long)(c0 + 2) * m + j0, a20, a21, a22, a23);
                if (c0 + 3 < d) Add(acc, (long)(c0 + 3) * m + j0, a30, a31, a32, a33);
            }
        }
    }
}

using System.Runtime.Intrinsics;

namespace PidGpu.Reduce.Cpu;

/// <summary>
/// The matrix-free operator's two products for one block of rows, fused so the block is read from memory once:
/// centre the float rows into double (Z_B = X_B − mean), scores S = Z_B·W against the packed weights W = Q/scale, then
/// images += Z_Bᵀ·S. Both products run on <see cref="MicroKernel.Tile"/>; the first in depth slices of
/// <see cref="Depth"/> so a slice of a weight panel (24 KiB) stays in L1 while every row tile of the block reuses it.
/// All arithmetic is double: the float data are widened exactly, so the result is the all-double path's up to the
/// order of summation.
/// </summary>
static unsafe class RowBlockProducts
{
    /// <summary>Columns of W per depth slice of the scores product.</summary>
    public const int Depth = 256;

    /// <summary>Adds Z_Bᵀ·(Z_B·W) for the <paramref name="count"/> ≤ <see cref="RowBlockWorkspace.Rows"/> float rows at
    /// <paramref name="rows"/> (row-major, d columns) into <paramref name="work"/>'s images.</summary>
    public static void Accumulate(float* rows, int count, int d, double[] mean, PackedPanels weights, RowBlockWorkspace work)
    {
        int stride = work.Stride, tall = (count + MicroKernel.Height - 1) / MicroKernel.Height * MicroKernel.Height;
        fixed (double* z = work.Centred, mu = mean, s = work.Scores, w = weights.Values, tile = work.Tile, images = work.Images)
        {
            Centre(rows, count, d, mu, z, stride);
            // Rows from count to tall are padding: zero, so their scores and images vanish.
            for (int r = count; r < tall; r++) new Span<double>(z + (long)r * stride, d).Clear();

            for (int first = 0; first < d; first += Depth)
            {
                int depth = Math.Min(Depth, d - first);
                for (int panel = 0; panel < weights.Count; panel++)
                {
                    double* b = w + (long)panel * weights.PanelLength + (long)first * MicroKernel.Width;
                    double* target = s + panel * RowBlockWorkspace.Rows * MicroKernel.Width;
                    for (int r = 0; r < tall; r += MicroKernel.Height)
                    {
                        MicroKernel.Tile(z + (long)r * stride + first, stride, 1, b, depth, tile);
                        double* block = target + r * MicroKernel.Width;
                        if (first == 0) new Span<double>(tile, MicroKernel.Height * MicroKernel.Width).CopyTo(new Span<double>(block, MicroKernel.Height * MicroKernel.Width));
                        else Add(tile, block, MicroKernel.Height * MicroKernel.Width);
                    }
                }
            }

            int width = work.Width;
            for (int c = 0; c < stride; c += MicroKernel.Height)
                for (int panel = 0; panel < weights.Count; panel++)
                {
                    MicroKernel.Tile(z + c, 1, stride, s + panel * RowBlockWorkspace.Rows * MicroKernel.Width, tall, tile);
                    for (int i = 0; i < MicroKernel.Height; i++)
                        Add(tile + i * MicroKernel.Width, images + (long)(c + i) * width + panel * MicroKernel.Width, MicroKernel.Width);
                }
        }
    }

    /// <summary>z[r·stride + c] = x[r·d + c] − mean[c] in double, eight floats widened at a time.</summary>
    static void Centre(float* x, int count, int d, double* mean, double* z, int stride)
    {
        for (int r = 0; r < count; r++)
        {
            float* from = x + (long)r * d;
            double* to = z + (long)r * stride;
            int c = 0;
            for (; c + Vector256<float>.Count <= d; c += Vector256<float>.Count)
            {
                var (lower, upper) = Vector256.Widen(Vector256.Load(from + c));
                (lower - Vector256.Load(mean + c)).Store(to + c);
                (upper - Vector256.Load(mean + c + 4)).Store(to + c + 4);
            }
            for (; c < d; c++) to[c] = from[c] - mean[c];
        }
    }

    /// <summary>to[i] += from[i], i &lt; length (a multiple of 4).</summary>
    static void Add(double* from, double* to, int length)
    {
        for (int i = 0; i < length; i += Vector256<double>.Count)
            (Vector256.Load(to + i) + Vector256.Load(from + i)).Store(to + i);
    }
}

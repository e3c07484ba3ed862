using System.Runtime.CompilerServices;
using PidGpu.Reduce.Cpu;

namespace PidGpu.Estimate.Newton;

/// <summary>
/// The trailing update of a right-looking blocked Cholesky, A[i, j] −= L[i, panel] · L[j, panel] for start ≤ j ≤ i:
/// a SYRK on the lower triangle. The panel's rows are packed as 12-column operands and every 4×12 tile of the triangle
/// is one <see cref="MicroKernel.Tile"/> (twelve 256-bit FMA accumulators), the BLAS scheme the host reduction uses.
/// </summary>
internal static unsafe class CholeskyTrailingUpdate
{
    const int W = MicroKernel.Width, H = MicroKernel.Height;

    /// <summary>Doubles of packed panel for an n×n matrix and panels of <paramref name="block"/> columns.</summary>
    public static int PackLength(int n, int block) => ((n + W - 1) / W) * W * block;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(double[] a, int n, int k0, int kb, int start, double[] pack, bool parallel)
    {
        int m = n - start, groups = (m + W - 1) / W;
        // pack[g][p][jj] = L[start + 12g + jj, k0 + p], zero past the last row.
        Loop.For(parallel, 0, groups, g =>
        {
            var panel = pack.AsSpan(g * W * kb, W * kb);
            for (int jj = 0; jj < W; jj++)
            {
                int j = start + g * W + jj;
                if (j < n) for (int p = 0; p < kb; p++) panel[p * W + jj] = a[j * n + k0 + p];
                else for (int p = 0; p < kb; p++) panel[p * W + jj] = 0;
            }
        });
        int tiles = m / H;
        Loop.For(parallel, 0, tiles, t => TileRow(a, n, k0, kb, start, start + t * H, pack));
        for (int i = start + tiles * H; i < n; i++)   // the last rows that do not fill a tile
        {
            var ri = a.AsSpan(i * n + k0, kb);
            for (int j = start; j <= i; j++) a[i * n + j] -= DenseCholesky.Dot(ri, a.AsSpan(j * n + k0, kb));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void TileRow(double[] a, int n, int k0, int kb, int start, int i0, double[] pack)
    {
        double* tile = stackalloc double[H * W];
        fixed (double* pa = a, pp = pack)
        {
            int lastGroup = (i0 + H - 1 - start) / W;
            for (int g = 0; g <= lastGroup; g++)
            {
                MicroKernel.Tile(pa + (long)i0 * n + k0, n, 1, pp + (long)g * W * kb, kb, tile);
                int j0 = start + g * W;
                for (int r = 0; r < H; r++)
                {
                    int i = i0 + r;
                    int jEnd = Math.Min(Math.Min(j0 + W, n), i + 1);
                    double* row = pa + (long)i * n;
                    for (int j = j0; j < jEnd; j++) row[j] -= tile[r * W + j - j0];
                }
            }
        }
    }
}

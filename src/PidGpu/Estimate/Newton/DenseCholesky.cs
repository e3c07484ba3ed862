using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PidGpu.Estimate.Newton;

/// <summary>
/// In-place Cholesky factorisation A = L Lᵀ of a dense symmetric positive definite matrix (row-major, only the lower
/// triangle read and written), and the solves with it. Right-looking and blocked: the trailing update, which holds
/// nearly all the work, runs as 4×12 register tiles of fused multiply-adds over a packed panel
/// (<see cref="CholeskyTrailingUpdate"/>), in parallel over rows of tiles when asked.
/// </summary>
internal static class DenseCholesky
{
    const int Block = 64;

    /// <summary>
    /// Factorises D^(-1/2) A D^(-1/2) + ρI (D = diag A) in place, writing the scaling D^(-1/2) to <paramref name="scale"/>;
    /// false when even a ridge of 100 does not make it positive definite. The symmetric scaling keeps interior-point
    /// matrices, whose diagonal spans many decades, factorisable. The ridge (0 first, then 1e-14, 1e-12, …) is the
    /// smallest that succeeds: the solve is exact where the matrix allows, and where rounding has left it indefinite (a
    /// Schur complement near the optimum) it becomes a damped, Levenberg–Marquardt step, still a descent direction.
    /// </summary>
    /// <param name="array">Holds the n×n matrix from <paramref name="offset"/>.</param>
    /// <param name="copy">Scratch of n² doubles (the scaled matrix, restored before each ridge).</param>
    /// <param name="pack">Scratch of <see cref="PackLength"/> doubles for the blocked factorisation (offset 0 only);
    /// null factorises unblocked.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool FactorScaled(double[] array, int offset, int n, Span<double> scale, Span<double> copy, double[]? pack, bool parallel)
    {
        var a = array.AsSpan(offset, n * n);
        double maxDiag = 0;
        for (int i = 0; i < n; i++) maxDiag = Math.Max(maxDiag, a[i * n + i]);
        if (!(maxDiag > 0) || double.IsInfinity(maxDiag)) return false;
        for (int i = 0; i < n; i++) scale[i] = 1 / Math.Sqrt(Math.Max(a[i * n + i], 1e-14 * maxDiag));
        for (int i = 0; i < n; i++)
        {
            var row = a.Slice(i * n, i + 1);
            double si = scale[i];
            for (int j = 0; j <= i; j++) row[j] *= si * scale[j];
            row.CopyTo(copy.Slice(i * n, i + 1));
        }
        for (double ridge = 0; ridge <= 100; ridge = ridge == 0 ? 1e-14 : ridge * 100)
        {
            if (ridge > 0)
                for (int i = 0; i < n; i++)
                {
                    copy.Slice(i * n, i + 1).CopyTo(a.Slice(i * n, i + 1));
                    a[i * n + i] += ridge;
                }
            bool ok = pack is null || n <= Block ? FactorDiagonal(array.AsSpan(offset, n * n), n, 0, n) : FactorBlocked(array, n, pack, parallel);
            if (ok) return true;
        }
        return false;
    }

    /// <summary>Doubles of scratch the blocked factorisation of an n×n matrix needs.</summary>
    public static int PackLength(int n) => CholeskyTrailingUpdate.PackLength(n, Block);

    /// <summary>Solves A x = b in place with a factor from <see cref="FactorScaled"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SolveScaled(ReadOnlySpan<double> l, ReadOnlySpan<double> scale, int n, Span<double> b)
    {
        for (int i = 0; i < n; i++) b[i] *= scale[i];
        Forward(l, n, b);
        Backward(l, n, b);
        for (int i = 0; i < n; i++) b[i] *= scale[i];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static bool FactorBlocked(double[] a, int n, double[] pack, bool parallel)
    {
        for (int k0 = 0; k0 < n; k0 += Block)
        {
            int kb = Math.Min(Block, n - k0);
            if (!FactorDiagonal(a, n, k0, kb)) return false;
            int start = k0 + kb;
            if (start == n) break;
            bool wide = parallel && (long)(n - start) * (n - start) >= 128 * 128;   // small trailing matrices are not worth a thread hop
            Loop.For(wide, start, n, i => SolvePanelRow(a, n, k0, kb, i));
            CholeskyTrailingUpdate.Run(a, n, k0, kb, start, pack, wide);
        }
        return true;
    }

    /// <summary>Solves L x = b in place (forward substitution).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(ReadOnlySpan<double> l, int n, Span<double> b)
    {
        for (int i = 0; i < n; i++) b[i] = (b[i] - Dot(l.Slice(i * n, i), b[..i])) / l[i * n + i];
    }

    /// <summary>Solves Lᵀ x = b in place (back substitution).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(ReadOnlySpan<double> l, int n, Span<double> b)
    {
        for (int i = n - 1; i >= 0; i--)
        {
            double bi = b[i] / l[i * n + i];
            b[i] = bi;
            var row = l.Slice(i * n, i);
            for (int k = 0; k < i; k++) b[k] -= row[k] * bi;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static bool FactorDiagonal(Span<double> a, int n, int k0, int kb)
    {
        for (int j = k0; j < k0 + kb; j++)
        {
            var rowJ = a.Slice(j * n + k0, j - k0);
            double d = a[j * n + j] - Dot(rowJ, rowJ);
            if (!(d > 0)) return false;
            double ljj = Math.Sqrt(d);
            a[j * n + j] = ljj;
            for (int i = j + 1; i < k0 + kb; i++)
                a[i * n + j] = (a[i * n + j] - Dot(a.Slice(i * n + k0, j - k0), rowJ)) / ljj;
        }
        return true;
    }

    /// <summary>Row i of the panel: L[i, k0..k0+kb) = A[i, k0..k0+kb) · L_kk⁻ᵀ (forward substitution).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void SolvePanelRow(double[] a, int n, int k0, int kb, int i)
    {
        for (int j = k0; j < k0 + kb; j++)
            a[i * n + j] = (a[i * n + j] - Dot(a.AsSpan(i * n + k0, j - k0), a.AsSpan(j * n + k0, j - k0))) / a[j * n + j];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        int w = Vector<double>.Count, k = 0;
        var acc = Vector<double>.Zero;
        var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
        var vy = MemoryMarshal.Cast<double, Vector<double>>(y);
        for (int v = 0; v < vx.Length; v++) acc += vx[v] * vy[v];
        k = vx.Length * w;
        double s = Vector.Sum(acc);
        for (; k < x.Length; k++) s += x[k] * y[k];
        return s;
    }
}

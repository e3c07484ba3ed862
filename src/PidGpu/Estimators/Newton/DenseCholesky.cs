using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PidGpu.Estimators.Newton;

/// <summary>
/// In-place Cholesky factorisation A = L Lᵀ of a dense symmetric positive definite matrix (row-major, only the lower
/// triangle read and written), and the solves with it. Right-looking and blocked: the trailing update, which holds
/// nearly all the work, runs as dot products of contiguous panel rows, four at a time, in parallel over rows.
/// </summary>
internal static class DenseCholesky
{
    const int Block = 64;

    /// <summary>
    /// Factorises D^(-1/2) A D^(-1/2) + ρI (D = diag A) in place and returns the scaling D^(-1/2), or null when even a
    /// ridge of 100 does not make it positive definite. The symmetric scaling keeps interior-point matrices, whose
    /// diagonal spans many decades, factorisable. The ridge (0 first, then 1e-14, 1e-12, …) is the smallest that
    /// succeeds: the solve is exact where the matrix allows, and where rounding has left it indefinite (a Schur
    /// complement near the optimum) it becomes a damped, Levenberg–Marquardt step, still a descent direction.
    /// </summary>
    public static double[]? FactorScaled(double[] a, int n, bool parallel)
    {
        double maxDiag = 0;
        for (int i = 0; i < n; i++) maxDiag = Math.Max(maxDiag, a[i * n + i]);
        if (!(maxDiag > 0) || double.IsInfinity(maxDiag)) return null;
        var scale = new double[n];
        for (int i = 0; i < n; i++) scale[i] = 1 / Math.Sqrt(Math.Max(a[i * n + i], 1e-14 * maxDiag));
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++) a[i * n + j] *= scale[i] * scale[j];
        var copy = (double[])a.Clone();
        for (double ridge = 0; ridge <= 100; ridge = ridge == 0 ? 1e-14 : ridge * 100)
        {
            if (ridge > 0)
            {
                Array.Copy(copy, a, a.Length);
                for (int i = 0; i < n; i++) a[i * n + i] += ridge;
            }
            if (Factor(a, n, parallel)) return scale;
        }
        return null;
    }

    /// <summary>Solves A x = b in place with a factor from <see cref="FactorScaled"/>.</summary>
    public static void SolveScaled(ReadOnlySpan<double> l, ReadOnlySpan<double> scale, int n, Span<double> b)
    {
        for (int i = 0; i < n; i++) b[i] *= scale[i];
        Solve(l, n, b);
        for (int i = 0; i < n; i++) b[i] *= scale[i];
    }

    /// <summary>Factorises in place; false when a pivot is not positive (the matrix is not numerically SPD).</summary>
    public static bool Factor(double[] a, int n, bool parallel)
    {
        for (int k0 = 0; k0 < n; k0 += Block)
        {
            int kb = Math.Min(Block, n - k0);
            if (!FactorDiagonal(a, n, k0, kb)) return false;
            int rest = n - k0 - kb;
            if (rest == 0) break;
            int start = k0 + kb;
            bool wide = parallel && (long)rest * rest >= 64 * 64;   // small trailing matrices are not worth a thread hop
            Loop.For(wide, start, n, i => SolvePanelRow(a, n, k0, kb, i));
            Loop.For(wide, start, n, i => UpdateRow(a, n, k0, kb, start, i));
        }
        return true;
    }

    /// <summary>Solves L x = b in place (forward substitution).</summary>
    public static void Forward(ReadOnlySpan<double> l, int n, Span<double> b)
    {
        for (int i = 0; i < n; i++) b[i] = (b[i] - Dot(l.Slice(i * n, i), b[..i])) / l[i * n + i];
    }

    /// <summary>Solves L Lᵀ x = b in place for a factor from <see cref="Factor"/>.</summary>
    public static void Solve(ReadOnlySpan<double> l, int n, Span<double> b)
    {
        Forward(l, n, b);
        for (int i = n - 1; i >= 0; i--)
        {
            double s = b[i];
            for (int k = i + 1; k < n; k++) s -= l[k * n + i] * b[k];
            b[i] = s / l[i * n + i];
        }
    }

    static bool FactorDiagonal(double[] a, int n, int k0, int kb)
    {
        for (int j = k0; j < k0 + kb; j++)
        {
            var rowJ = a.AsSpan(j * n + k0, j - k0);
            double d = a[j * n + j] - Dot(rowJ, rowJ);
            if (!(d > 0)) return false;
            double ljj = Math.Sqrt(d);
            a[j * n + j] = ljj;
            for (int i = j + 1; i < k0 + kb; i++)
                a[i * n + j] = (a[i * n + j] - Dot(a.AsSpan(i * n + k0, j - k0), rowJ)) / ljj;
        }
        return true;
    }

    /// <summary>Row i of the panel: L[i, k0..k0+kb) = A[i, k0..k0+kb) · L_kk⁻ᵀ (forward substitution).</summary>
    static void SolvePanelRow(double[] a, int n, int k0, int kb, int i)
    {
        for (int j = k0; j < k0 + kb; j++)
            a[i * n + j] = (a[i * n + j] - Dot(a.AsSpan(i * n + k0, j - k0), a.AsSpan(j * n + k0, j - k0))) / a[j * n + j];
    }

    /// <summary>A[i, j] −= L[i, panel] · L[j, panel] for start ≤ j ≤ i.</summary>
    static void UpdateRow(double[] a, int n, int k0, int kb, int start, int i)
    {
        var ri = a.AsSpan(i * n + k0, kb);
        int j = start;
        for (; j + 3 <= i; j += 4)
        {
            Dot4(ri, a.AsSpan(j * n + k0, kb), a.AsSpan((j + 1) * n + k0, kb), a.AsSpan((j + 2) * n + k0, kb),
                a.AsSpan((j + 3) * n + k0, kb), out double d0, out double d1, out double d2, out double d3);
            a[i * n + j] -= d0; a[i * n + j + 1] -= d1; a[i * n + j + 2] -= d2; a[i * n + j + 3] -= d3;
        }
        for (; j <= i; j++) a[i * n + j] -= Dot(ri, a.AsSpan(j * n + k0, kb));
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

    public static void Dot4(ReadOnlySpan<double> x, ReadOnlySpan<double> y0, ReadOnlySpan<double> y1, ReadOnlySpan<double> y2,
        ReadOnlySpan<double> y3, out double d0, out double d1, out double d2, out double d3)
    {
        var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
        var v0 = MemoryMarshal.Cast<double, Vector<double>>(y0);
        var v1 = MemoryMarshal.Cast<double, Vector<double>>(y1);
        var v2 = MemoryMarshal.Cast<double, Vector<double>>(y2);
        var v3 = MemoryMarshal.Cast<double, Vector<double>>(y3);
        Vector<double> a0 = default, a1 = default, a2 = default, a3 = default;
        for (int v = 0; v < vx.Length; v++)
        {
            var xv = vx[v];
            a0 += xv * v0[v]; a1 += xv * v1[v]; a2 += xv * v2[v]; a3 += xv * v3[v];
        }
        d0 = Vector.Sum(a0); d1 = Vector.Sum(a1); d2 = Vector.Sum(a2); d3 = Vector.Sum(a3);
        for (int k = vx.Length * Vector<double>.Count; k < x.Length; k++)
        {
            d0 += x[k] * y0[k]; d1 += x[k] * y1[k]; d2 += x[k] * y2[k]; d3 += x[k] * y3[k];
        }
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PidGpu.Estimate.Newton;

/// <summary>The two vector loops that assemble the Schur complement (<see cref="BarrierNewtonStep"/>), in 256-bit FMAs.</summary>
internal static unsafe class SchurKernel
{
    /// <summary>v = α a + β b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Combine(Span<double> v, ReadOnlySpan<double> a, double alpha, ReadOnlySpan<double> b, double beta)
    {
        int n = v.Length, j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var va = MemoryMarshal.Cast<double, Vector256<double>>(a[..n]);
            var vb = MemoryMarshal.Cast<double, Vector256<double>>(b[..n]);
            var vv = MemoryMarshal.Cast<double, Vector256<double>>(v);
            var al = Vector256.Create(alpha);
            var be = Vector256.Create(beta);
            for (int i = 0; i < vv.Length; i++) vv[i] = Vector256.FusedMultiplyAdd(al, va[i], be * vb[i]);
            j = vv.Length * Vector256<double>.Count;
        }
        for (; j < n; j++) v[j] = alpha * a[j] + beta * b[j];
    }

    /// <summary>row −= π ⊙ (w v + c).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Subtract(Span<double> row, ReadOnlySpan<double> pi, ReadOnlySpan<double> v, double w, double c)
    {
        int n = row.Length, j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vr = MemoryMarshal.Cast<double, Vector256<double>>(row);
            var vp = MemoryMarshal.Cast<double, Vector256<double>>(pi[..n]);
            var vv = MemoryMarshal.Cast<double, Vector256<double>>(v[..n]);
            var vw = Vector256.Create(w);
            var vc = Vector256.Create(c);
            for (int i = 0; i < vr.Length; i++) vr[i] = Vector256.FusedMultiplyAdd(-vp[i], Vector256.FusedMultiplyAdd(vw, vv[i], vc), vr[i]);
            j = vr.Length * Vector256<double>.Count;
        }
        for (; j < n; j++) row[j] -= pi[j] * (w * v[j] + c);
    }

    /// <summary>
    /// Blocks b &lt; count of a dense row: row[b·ny + j] −= π_b[j] (w_b v[j] + c_b) with π_b = pi + b·ny (consecutive
    /// cells), j &lt; ny except in the last block (j &lt; last). One call per row and x1, so the loop pays no per-block setup.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SubtractBlocks(double* row, double* pi, double* v, double* w, double* c, int count, int ny, int last)
    {
        for (int b = 0; b < count; b++)
        {
            double* rb = row + b * ny, pb = pi + b * ny;
            int n = b == count - 1 ? last : ny, j = 0;
            var vw = Vector256.Create(w[b]);
            var vc = Vector256.Create(c[b]);
            for (; j + 4 <= n; j += 4)
            {
                var t = Vector256.FusedMultiplyAdd(vw, Vector256.Load(v + j), vc);
                Vector256.FusedMultiplyAdd(-Vector256.Load(pb + j), t, Vector256.Load(rb + j)).Store(rb + j);
            }
            for (; j < n; j++) rb[j] -= pb[j] * (w[b] * v[j] + c[b]);
        }
    }
}

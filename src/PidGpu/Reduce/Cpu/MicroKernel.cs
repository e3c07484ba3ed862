using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace PidGpu.Reduce.Cpu;

/// <summary>
/// The register tile every host product is built from (the GotoBLAS/BLIS scheme: pack one operand into panels of
/// <see cref="Width"/> contiguous columns, stream the other by broadcasts): a 4×12 block of C = Σ_p a_i[p]·b[p, 0..12)
/// in twelve 256-bit accumulators, one fused multiply-add per accumulator per step of the depth.
/// </summary>
static unsafe class MicroKernel
{
    /// <summary>Columns of a packed panel (three vectors of four doubles).</summary>
    public const int Width = 12;

    /// <summary>Rows of the tile.</summary>
    public const int Height = 4;

    /// <summary>
    /// tile[i·12 + j] = Σ_{p &lt; depth} a_i[p·aStep]·b[p·12 + j] for i &lt; 4, j &lt; 12, where a_i = a + i·aRow. b is a packed
    /// panel (depth × 12, contiguous); a rows that are not needed may repeat a valid row (the caller drops them).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // called thousands of times per call site: no slow tier-0 phase
    public static void Tile(double* a, nint aRow, nint aStep, double* b, int depth, double* tile)
    {
        var c00 = Vector256<double>.Zero; var c01 = c00; var c02 = c00;
        var c10 = c00; var c11 = c00; var c12 = c00;
        var c20 = c00; var c21 = c00; var c22 = c00;
        var c30 = c00; var c31 = c00; var c32 = c00;
        double* a1 = a + aRow, a2 = a + 2 * aRow, a3 = a + 3 * aRow;
        for (int p = 0; p < depth; p++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 4);
            var b2 = Vector256.Load(b + 8);
            var x = Vector256.Create(*a);
            c00 = Vector256.FusedMultiplyAdd(x, b0, c00); c01 = Vector256.FusedMultiplyAdd(x, b1, c01); c02 = Vector256.FusedMultiplyAdd(x, b2, c02);
            x = Vector256.Create(*a1);
            c10 = Vector256.FusedMultiplyAdd(x, b0, c10); c11 = Vector256.FusedMultiplyAdd(x, b1, c11); c12 = Vector256.FusedMultiplyAdd(x, b2, c12);
            x = Vector256.Create(*a2);
            c20 = Vector256.FusedMultiplyAdd(x, b0, c20); c21 = Vector256.FusedMultiplyAdd(x, b1, c21); c22 = Vector256.FusedMultiplyAdd(x, b2, c22);
            x = Vector256.Create(*a3);
            c30 = Vector256.FusedMultiplyAdd(x, b0, c30); c31 = Vector256.FusedMultiplyAdd(x, b1, c31); c32 = Vector256.FusedMultiplyAdd(x, b2, c32);
            a += aStep; a1 += aStep; a2 += aStep; a3 += aStep;
            b += Width;
        }
        c00.Store(tile); c01.Store(tile + 4); c02.Store(tile + 8);
        c10.Store(tile + 12); c11.Store(tile + 16); c12.Store(tile + 20);
        c20.Store(tile + 24); c21.Store(tile + 28); c22.Store(tile + 32);
        c30.Store(tile + 36); c31.Store(tile + 40); c32.Store(tile + 44);
    }
}

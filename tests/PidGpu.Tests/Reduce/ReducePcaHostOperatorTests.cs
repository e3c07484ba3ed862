using MathNet.Numerics.LinearAlgebra;
using PidGpu.Reduce.Cpu;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// The host matrix-free operator's fused row-block products (<see cref="RowBlockProducts"/>) against MathNet's dense
/// Zᵀ·(Z·Q)/N in double, on shapes that cut every blocking edge: rows not a multiple of the 32-row block or of the
/// chunk, d past one 256-column depth slice and not a multiple of the 4-row tile, m not a multiple of the 12-column panel.
/// </summary>
public class ReducePcaHostOperatorTests
{
    [Theory]
    [InlineData(203, 301, 13, 70 * 301, 1L << 28)] // resident, 2 panels (the second one partly padding)
    [InlineData(203, 301, 13, 70 * 301, 0L)]       // re-read in chunks of 70 rows
    [InlineData(97, 5, 1, 1 << 22, 1L << 28)]      // narrower than a tile and a slice, one column
    [InlineData(64, 600, 24, 1 << 22, 1L << 28)]   // whole blocks, whole panels, three depth slices
    public void Apply_MatchesDenseProduct(int rows, int d, int m, int chunkValues, long resident)
    {
        var data = FactorData.Generate(31, rows, d, Math.Min(d, 6), 1, decay: 0.8, offsetSpread: 100);
        var x = Matrix<double>.Build.Dense(rows, d, (i, c) => data[i * d + c]);
        var mean = Enumerable.Range(0, d).Select(c => x.Column(c).Average()).ToArray();
        var scale = Enumerable.Range(0, d).Select(c => Math.Sqrt(x.Column(c).Select(v => (v - mean[c]) * (v - mean[c])).Sum() / rows)).ToArray();
        var z = Matrix<double>.Build.Dense(rows, d, (i, c) => (x[i, c] - mean[c]) / scale[c]);
        var rng = new Random(5);
        var q = Matrix<double>.Build.Dense(d, m, (_, _) => rng.NextDouble() - 0.5);
        var want = z.TransposeThisAndMultiply(z * q) / rows;

        using var op = new HostCorrelationOperator(new ArrayMatrixSource(data, d), chunkValues, resident);
        op.Standardise(scale);
        var flat = new double[d * m];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < m; j++) flat[i * m + j] = q[i, j];
        var w = new double[d * m];
        for (int repeat = 0; repeat < 2; repeat++) // pooled workspaces must come back cleared
        {
            op.Apply(flat, w, m);
            double largest = want.Enumerate().Max(Math.Abs);
            for (int i = 0; i < d; i++)
                for (int j = 0; j < m; j++)
                    Assert.True(Math.Abs(w[i * m + j] - want[i, j]) <= 1e-12 * largest,
                        $"pass {repeat}, ({i}, {j}): want {want[i, j]:R} got {w[i * m + j]:R}");
        }
    }
}

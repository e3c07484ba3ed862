using ILGPU;
using ILGPU.Runtime;
using MathNet.Numerics.Distributions;
using PidGpu.Gaussianize;
using PidGpu.Kernels;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// The batched column merge sort behind the copula transform: <see cref="ColumnMergeSort"/> against LINQ's stable
/// OrderBy (ties keep input order), and the whole transform against an Array.Sort midrank reference with MathNet's
/// Φ⁻¹ for row counts that are not powers of two (1 to 4097), 1 to 9 columns, ties, negatives and −0/+0; permuting
/// rows permutes the scores exactly.
/// </summary>
[Collection(EngineDeviceCollection.Name)]
public class GaussianizeCopulaSortTests(EngineDeviceFixture fixture)
{
    CopulaGaussianizer Copula => new(fixture.Device);

    /// <summary>Column kinds by c mod 4: continuous with negatives, small integers (heavy ties, −0), signed zeros and ±1, one constant.</summary>
    static double[] Matrix(int rows, int cols, int seed)
    {
        var rng = new Random(seed);
        var x = new double[rows * cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                x[r * cols + c] = (c % 4) switch
                {
                    0 => (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-20, 20)),
                    1 => rng.Next(-3, 4) * (rng.Next(2) == 0 ? 1.0 : -1.0), // 0 × −1 = −0
                    2 => rng.Next(4) switch { 0 => -0.0, 1 => 0.0, 2 => -1.0, _ => 1.0 },
                    _ => -2.5,
                };
        return x;
    }

    static void AssertMatches(double[] expected, double[] actual, int cols, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-12 * Math.Max(1, Math.Abs(expected[i])),
                $"{what}, row {i / cols}, column {i % cols}: expected {expected[i]:R}, got {actual[i]:R}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(500)]
    [InlineData(1023)]
    [InlineData(4097)]
    public void Copula_MatchesArraySortMidranks_ForOneToNineColumns(int rows)
    {
        for (int cols = 1; cols <= 9; cols++)
        {
            var x = Matrix(rows, cols, 100 * rows + cols);
            AssertMatches(HostCopula.Scores(x, rows, cols), Copula.Transform(x, rows, cols), cols, $"{rows} × {cols}");
        }
    }

    [Fact]
    public void Copula_SingleRow_IsZero()
    {
        Assert.Equal(new double[5], Copula.Transform([3.0, -0.0, -7.0, 1e300, 0.0], 1, 5));
    }

    [Fact]
    public void Copula_HundredThousandRows_MatchesReference()
    {
        const int rows = 100_000, cols = 3;
        var x = Matrix(rows, cols, 7);
        AssertMatches(HostCopula.Scores(x, rows, cols), Copula.Transform(x, rows, cols), cols, "100 000 × 3");
    }

    [Theory]
    [InlineData(333, 4)]
    [InlineData(2048, 5)]
    public void Copula_PermutingRows_PermutesTheScoresExactly(int rows, int cols)
    {
        var x = Matrix(rows, cols, rows);
        var permutation = Enumerable.Range(0, rows).ToArray();
        new Random(rows + 1).Shuffle(permutation);
        var permuted = new double[x.Length];
        for (int r = 0; r < rows; r++) Array.Copy(x, permutation[r] * cols, permuted, r * cols, cols);
        var z = Copula.Transform(x, rows, cols);
        var zPermuted = Copula.Transform(permuted, rows, cols);
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                Assert.Equal(z[permutation[r] * cols + c], zPermuted[r * cols + c]);
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(5, 2)]
    [InlineData(64, 3)]
    [InlineData(1000, 4)]
    public void MergeSort_SortsEachColumnStably(int rows, int columns)
    {
        var rng = new Random(rows * 7 + columns);
        long n = (long)rows * columns;
        var keys = new long[ColumnMergeSort.BufferLength(rows, columns)];
        var payload = new int[keys.Length];
        for (long i = 0; i < n; i++)
        {
            keys[i] = (i / rows % 2 == 0) ? rng.Next(-5, 5) : rng.NextInt64(long.MinValue, long.MaxValue); // ties, then extremes
            payload[i] = (int)(i % rows);
        }
        var acc = fixture.Device.Accelerator;
        using var dKeys = acc.Allocate1D(keys);
        using var dPayload = acc.Allocate1D(payload);
        var sorted = fixture.Kernel(a => new ColumnMergeSort(a)).Sort(acc.DefaultStream, dKeys.View, dPayload.View, rows, columns);
        var gotKeys = sorted.Keys.GetAsArray(acc.DefaultStream);
        var gotPayload = sorted.Payload.GetAsArray(acc.DefaultStream);
        for (int c = 0; c < columns; c++)
        {
            var expected = Enumerable.Range(0, rows).OrderBy(r => keys[(long)c * rows + r]).ToArray(); // stable
            for (int p = 0; p < rows; p++)
            {
                Assert.Equal(expected[p], gotPayload[c * rows + p]);
                Assert.Equal(keys[(long)c * rows + expected[p]], gotKeys[c * rows + p]);
            }
        }
    }
}

using ILGPU;
using ILGPU.Runtime;
using MathNet.Numerics.Distributions;
using PidGpu.Gaussianize;
using PidGpu.Kernels.Gaussianize;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// <see cref="InverseNormal"/> (AS 241) against MathNet's Normal.InvCDF from 1e−300 to 1 − 1e−10, and the device
/// copula transform against a host average-rank implementation (ties, negatives, −0/+0), its exact invariance
/// under a strictly increasing map, float/double agreement, and the errors for bad input.
/// </summary>
[Collection(EngineDeviceCollection.Name)]
public class GaussianizeCopulaTests(EngineDeviceFixture fixture)
{
    CopulaGaussianizer Copula => new(fixture.Device);

    static void AssertClose(double expected, double actual, double relative, string what)
    {
        double tolerance = relative * Math.Abs(expected) + 1e-300;
        Assert.True(Math.Abs(actual - expected) <= tolerance, $"{what}: expected {expected:R}, got {actual:R}");
    }

    [Theory]
    [InlineData(1e-300)]
    [InlineData(1e-200)]
    [InlineData(1e-100)]
    [InlineData(1e-20)]
    [InlineData(1e-10)]
    [InlineData(1e-5)]
    [InlineData(0.02425)]
    [InlineData(0.075)]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(0.575)]
    [InlineData(0.925)]
    [InlineData(0.999)]
    [InlineData(1 - 1e-5)]
    [InlineData(1 - 1e-10)]
    public void InverseNormal_MatchesMathNet_IncludingTails(double p) =>
        AssertClose(Normal.InvCDF(0, 1, p), InverseNormal.Quantile(p), 4e-15, $"p = {p:R}");

    [Fact]
    public void InverseNormal_MatchesMathNet_OnAGridAndLogGrid()
    {
        for (int i = 1; i < 4000; i++)
        {
            double p = i / 4000.0;
            AssertClose(Normal.InvCDF(0, 1, p), InverseNormal.Quantile(p), 4e-15, $"p = {p:R}");
        }
        for (double e = -300; e <= -1; e += 0.37)
        {
            double p = Math.Pow(10, e);
            AssertClose(Normal.InvCDF(0, 1, p), InverseNormal.Quantile(p), 4e-15, $"p = {p:R}");
            if (e >= -15) // below that 1 − p rounds to 1
                AssertClose(Normal.InvCDF(0, 1, 1 - p), InverseNormal.Quantile(1 - p), 4e-15, $"p = 1 - {p:R}");
        }
    }

    [Fact]
    public void InverseNormal_Edges()
    {
        Assert.Equal(0.0, InverseNormal.Quantile(0.5));
        Assert.Equal(double.NegativeInfinity, InverseNormal.Quantile(0));
        Assert.Equal(double.PositiveInfinity, InverseNormal.Quantile(1));
        Assert.True(double.IsNaN(InverseNormal.Quantile(-0.1)));
        Assert.True(double.IsNaN(InverseNormal.Quantile(double.NaN)));
    }

    static double[] MixedMatrix(int rows, int cols, int seed)
    {
        var rng = new Random(seed);
        var x = new double[rows * cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                x[r * cols + c] = (c % 3) switch
                {
                    0 => Math.Round(rng.NextDouble() * 10 - 5),                  // heavy ties, negatives, −0 from rounding
                    1 => rng.Next(4) switch { 0 => -0.0, 1 => 0.0, 2 => -rng.NextDouble(), _ => rng.NextDouble() },
                    _ => (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-30, 30)), // continuous over many magnitudes
                };
        return x;
    }

    [Fact]
    public void Copula_MatchesHostAverageRanks_WithTiesNegativesAndSignedZeros()
    {
        const int rows = 1537, cols = 6;
        var x = MixedMatrix(rows, cols, 11);
        Assert.Contains(x, v => v == 0 && double.IsNegative(v));
        var expected = HostCopula.Scores(x, rows, cols);
        var actual = Copula.Transform(x, rows, cols);
        for (int i = 0; i < x.Length; i++)
            AssertClose(expected[i], actual[i], 4e-15, $"row {i / cols}, column {i % cols} (value {x[i]:R})");
    }

    [Fact]
    public void Copula_TiedValuesShareOneScore_AndTheAllTiedColumnIsZero()
    {
        double[] x = [3, 1, 3, 3, 1, 7];
        var z = Copula.Transform(x, 6, 1);
        Assert.Equal(z[0], z[2]);
        Assert.Equal(z[0], z[3]);
        Assert.Equal(z[1], z[4]);
        // ranks {1,2} → 0.5 → p = 1/6; {3,4,5} → 3 → p = 3.5/6; 6 → p = 5.5/6 (1-based ranks, mid-rank − ½ over N)
        AssertClose(Normal.InvCDF(0, 1, 1.0 / 6), z[1], 4e-15, "tie of two");
        AssertClose(Normal.InvCDF(0, 1, 3.5 / 6), z[0], 4e-15, "tie of three");
        AssertClose(Normal.InvCDF(0, 1, 5.5 / 6), z[5], 4e-15, "maximum");
        Assert.All(Copula.Transform([-0.0, 0.0, 0.0, -0.0], 4, 1), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void Copula_IsExactlyInvariantUnderStrictlyIncreasingMaps()
    {
        const int rows = 1201, cols = 4;
        var rng = new Random(5);
        var x = new double[rows * cols];
        for (int i = 0; i < x.Length; i++) x[i] = Math.Round((rng.NextDouble() - 0.5) * 40, i % 2 == 0 ? 1 : 9);
        var direct = Copula.Transform(x, rows, cols);
        var viaExp = Copula.Transform(x.Select(Math.Exp).ToArray(), rows, cols);
        var viaCube = Copula.Transform(x.Select(v => v * v * v - 7).ToArray(), rows, cols);
        Assert.Equal(direct, viaExp);
        Assert.Equal(direct, viaCube);
    }

    [Fact]
    public void Copula_FloatInputEqualsWidenedDoubleInput_AndRunsAreBitIdentical()
    {
        const int rows = 401, cols = 3;
        var x = MixedMatrix(rows, cols, 3).Select(v => (float)v).ToArray();
        var viaFloat = Copula.Transform(x, rows, cols);
        var viaDouble = Copula.Transform(x.Select(v => (double)v).ToArray(), rows, cols);
        Assert.Equal(viaDouble, viaFloat);
        Assert.Equal(viaFloat, Copula.Transform(x, rows, cols));
    }

    [Fact]
    public void Copula_DeviceViews_OutputIntoACallerBuffer()
    {
        const int rows = 50, cols = 2;
        var x = MixedMatrix(rows, cols, 9);
        var acc = fixture.Device.Accelerator;
        using var input = acc.Allocate1D(x);
        using var output = acc.Allocate1D<double>(x.Length);
        Copula.Transform(acc.DefaultStream, input.View, output.View, rows, cols);
        Assert.Equal(HostCopula.Scores(x, rows, cols).Select(v => Math.Round(v, 12)), output.GetAsArray1D(acc.DefaultStream).Select(v => Math.Round(v, 12)));
        Assert.Equal(x, input.GetAsArray1D(acc.DefaultStream)); // the input is left alone
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Copula_NonFinite_NamesRowAndColumn(double bad)
    {
        var x = new double[5 * 3];
        x[3 * 3 + 1] = bad;
        x[4 * 3 + 2] = bad;
        var e = Assert.Throws<PidInputException>(() => Copula.Transform(x, 5, 3, "acts"));
        Assert.Contains("acts: row 3, column 1", e.Message);
        var ef = Assert.Throws<PidInputException>(() => Copula.Transform(x.Select(v => (float)v).ToArray(), 5, 3, "acts"));
        Assert.Contains("row 3, column 1", ef.Message);
    }

    [Fact]
    public void Copula_BadShapes_AreRejected()
    {
        Assert.Throws<PidInputException>(() => Copula.Transform(new double[6], 4, 2));
        Assert.Throws<PidInputException>(() => Copula.Transform(Array.Empty<double>(), 0, 2));
    }
}

using PidGpu.Device;
using PidGpu.Discretize;
using PidGpu.Estimate;
using PidGpu.Gaussianize;

namespace PidGpu.Tests;

/// <summary>
/// Errors about one entry say where it is in fields, not only in words: <see cref="PidInputException.Row"/> and
/// <see cref="PidInputException.Column"/> (counted from 0) equal the place the test planted the fault, and a planted NaN or
/// ±∞ is <see cref="PidInputException.Value"/>, whichever stage meets it first (Gaussianization on the host or through the
/// device kernels, a covariance handed to the estimators, code columns joined for the discrete estimators).
/// </summary>
public class ErrorRowColumnFieldsTests
{
    const int Rows = 40, Cols = 3;

    static double[] MatrixWith(double bad, int row, int column)
    {
        var rng = new Random(3);
        var values = Enumerable.Range(0, Rows * Cols).Select(_ => rng.NextDouble()).ToArray();
        values[row * Cols + column] = bad;
        return values;
    }

    [Theory]
    [InlineData(true, double.NaN, 17, 2)]
    [InlineData(false, double.PositiveInfinity, 0, 1)]
    [InlineData(false, double.NegativeInfinity, 39, 0)]
    public void Copula_NamesTheNonFiniteEntry(bool onHost, double bad, int row, int column)
    {
        using var device = PidDevice.Create(DeviceKind.Cpu);
        var copula = new CopulaGaussianizer(device) { OnHost = onHost };
        var e = Assert.Throws<PidInputException>(() => copula.Transform(MatrixWith(bad, row, column), Rows, Cols, "X1"));
        Assert.Equal((row, column), (e.Row, e.Column));
        Assert.Equal(bad, e.Value);
        Assert.Contains($"row {row}, column {column}", e.Message);
    }

    [Fact]
    public void Covariance_NamesTheNonFiniteAndTheAsymmetricEntry()
    {
        double[,] cov = { { 1, 0.2, 0.3 }, { 0.2, 1, 0.1 }, { 0.3, 0.1, 1 } };
        cov[2, 1] = double.NaN;
        var nan = Assert.Throws<PidInputException>(() => PidMeasures.Mmi.Gaussian(cov, 1, 1, 1));
        Assert.Equal((2L, 1), (nan.Row!.Value, nan.Column!.Value));
        Assert.True(double.IsNaN(nan.Value!.Value));
        cov[2, 1] = 0.1;
        cov[0, 2] = 0.35;
        var asymmetric = Assert.Throws<PidInputException>(() => PidMeasures.Mmi.Gaussian(cov, 1, 1, 1));
        Assert.Equal((0L, 2), (asymmetric.Row!.Value, asymmetric.Column!.Value));
        Assert.Contains("not symmetric", asymmetric.Message);
        Assert.Null(asymmetric.Value);
    }

    [Fact]
    public void JoinedCodeColumns_NameTheColumnAndRow()
    {
        int[] a = [0, 1, 1, 0], b = [1, 0, 2, 1];
        var alphabet = Assert.Throws<PidInputException>(() => JointCoder.Combine([a, b], [2, 0]));
        Assert.Equal(1, alphabet.Column);
        var length = Assert.Throws<PidInputException>(() => JointCoder.Combine([a, b[..3]], [2, 3]));
        Assert.Equal(1, length.Column);
        var outside = Assert.Throws<PidInputException>(() => JointCoder.Combine([a, b], [2, 2]));
        Assert.Equal((2L, 1), (outside.Row!.Value, outside.Column!.Value));
    }
}

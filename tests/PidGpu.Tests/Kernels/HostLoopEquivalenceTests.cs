using PidGpu.Discretize;
using PidGpu.Gaussianize;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// The host loops that replace the histogram, binning and copula kernels on ILGPU's CPU accelerator give exactly the kernels'
/// output: the same counts, bin codes and normal scores bit for bit, on random data with heavy ties, negative values and −0/+0.
/// </summary>
[Collection(EngineDeviceCollection.Name)]
public class HostLoopEquivalenceTests(EngineDeviceFixture fixture)
{
    /// <summary>Values from a small grid (so many ties) of both signs, with −0 and +0 among them and a few distinct outliers.</summary>
    static float[] TiedColumn(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(i => (i % 97) switch
        {
            0 => -0f,
            1 => 0f,
            2 => (float)(1e6 * (rng.NextDouble() - 0.5)),
            _ => MathF.Round((float)(rng.NextDouble() * 8 - 5), 1),
        }).ToArray();
    }

    [Theory]
    [InlineData(100_003, 5, 7, 3, 3)]   // small table: per-slice private counts
    [InlineData(150_001, 60, 40, 30, 1)] // 72 000 cells: counted straight into the shared table
    public void Histogram_HostLoop_CountsWhatTheKernelCounts(int samples, int n1, int n2, int ny, int problems)
    {
        var rng = new Random(samples);
        int[] Codes(int n) => Enumerable.Range(0, samples).Select(_ => rng.Next(n) * rng.Next(2)).ToArray(); // zeros tie heavily
        var batch = Enumerable.Range(0, problems).Select(_ => (Codes(n1), Codes(n2), Codes(ny))).ToList();
        var host = new JointHistogrammer(fixture.Device) { OnHost = true }.Count(batch, n1, n2, ny);
        var kernel = new JointHistogrammer(fixture.Device) { OnHost = false }.Count(batch, n1, n2, ny);
        for (int b = 0; b < problems; b++) Assert.Equal(kernel[b].P, host[b].P);
    }

    [Theory]
    [InlineData(10_007, 2, BinningMode.Quantile)]
    [InlineData(10_007, 8, BinningMode.Quantile)]
    [InlineData(999, 13, BinningMode.Quantile)]
    [InlineData(10_007, 8, BinningMode.Uniform)]
    [InlineData(999, 5, BinningMode.Uniform)]
    public void Binning_HostLoop_GivesTheKernelsCodes(int n, int bins, BinningMode mode)
    {
        var values = TiedColumn(n, n + bins);
        var host = new Binner(fixture.Device) { OnHost = true }.Bin(values, bins, mode);
        var kernel = new Binner(fixture.Device) { OnHost = false }.Bin(values, bins, mode);
        Assert.Equal(kernel, host);
        Assert.Equal(host[0], host[1]); // rows 0 and 1 are −0 and +0: they share a bin
    }

    [Theory]
    [InlineData(1001, 5)]
    [InlineData(4096, 3)]
    public void Copula_HostLoop_GivesTheKernelsScoresBitForBit(int rows, int cols)
    {
        var floats = Enumerable.Range(0, cols).Select(c => TiedColumn(rows, 31 * c + rows)).ToArray();
        var matrix = new float[rows * cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) matrix[r * cols + c] = floats[c][r];
        var doubles = matrix.Select(v => (double)v * Math.PI).ToArray(); // distinct double values, same ties

        var onHost = new CopulaGaussianizer(fixture.Device) { OnHost = true };
        var onDevice = new CopulaGaussianizer(fixture.Device) { OnHost = false };
        Assert.Equal(Bits(onDevice.Transform(matrix, rows, cols)), Bits(onHost.Transform(matrix, rows, cols)));
        Assert.Equal(Bits(onDevice.Transform(doubles, rows, cols)), Bits(onHost.Transform(doubles, rows, cols)));
        // Against the independent reference in the tests too (MathNet's Φ⁻¹ agrees to rounding).
        var reference = HostCopula.Scores(doubles, rows, cols);
        var scores = onHost.Transform(doubles, rows, cols);
        for (int i = 0; i < scores.Length; i++) Assert.Equal(reference[i], scores[i], 1e-12);
    }

    [Fact]
    public void Copula_HostLoop_NamesTheFirstNonFiniteValue()
    {
        var values = new double[] { 1, 2, 3, double.NaN, 5, double.PositiveInfinity };
        var error = Assert.Throws<PidInputException>(() => new CopulaGaussianizer(fixture.Device) { OnHost = true }.Transform(values, 3, 2, "m"));
        Assert.Contains("m: row 1, column 1 is NaN", error.Message);
    }

    static long[] Bits(double[] values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();
}

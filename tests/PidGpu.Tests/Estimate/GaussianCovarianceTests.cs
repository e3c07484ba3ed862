using ILGPU;
using ILGPU.Runtime;
using PidGpu.Estimate;
using PidGpu.Estimate.Measures;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// <see cref="ChunkedCovariance"/> (device, CPU accelerator) against a host two-pass computation on the same float
/// data; chunked runs against the single-chunk run; the end-to-end path data → device covariance → device ~G-PID.
/// </summary>
[Collection(EngineDeviceCollection.Name)]
public class GaussianCovarianceTests(EngineDeviceFixture fixture)
{
    /// <summary>problems × rows × columns floats: correlated columns around large, different means (tests the shift).</summary>
    static float[] RandomData(int seed, int problems, int rows, int columns)
    {
        var rng = new Random(seed);
        var data = new float[problems * rows * columns];
        for (int p = 0; p < problems; p++)
        {
            var offset = Enumerable.Range(0, columns).Select(_ => 1000 * (rng.NextDouble() - 0.5)).ToArray();
            for (int r = 0; r < rows; r++)
            {
                double common = rng.NextDouble() - 0.5;
                for (int c = 0; c < columns; c++)
                    data[(p * rows + r) * columns + c] = (float)(offset[c] + (c + 1) * common + 0.1 * (rng.NextDouble() - 0.5) * (p + 1));
            }
        }
        return data;
    }

    /// <summary>Two-pass ML covariance of one problem, in double from the float values.</summary>
    static (double[,] Cov, double[] Mean) HostTwoPass(float[] data, int problem, int rows, int columns)
    {
        var mean = new double[columns];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++) mean[c] += data[(problem * rows + r) * columns + c];
        for (int c = 0; c < columns; c++) mean[c] /= rows;
        var cov = new double[columns, columns];
        for (int r = 0; r < rows; r++)
            for (int i = 0; i < columns; i++)
                for (int j = 0; j < columns; j++)
                    cov[i, j] += (data[(problem * rows + r) * columns + i] - mean[i]) * (data[(problem * rows + r) * columns + j] - mean[j]);
        for (int i = 0; i < columns; i++)
            for (int j = 0; j < columns; j++) cov[i, j] /= rows;
        return (cov, mean);
    }

    /// <summary>Splits problems × rows × columns into row chunks of the given sizes (each chunk keeps the problem-major layout).</summary>
    static IEnumerable<float[]> Chunks(float[] data, int problems, int rows, int columns, int[] sizes)
    {
        int start = 0;
        foreach (int size in sizes)
        {
            var chunk = new float[problems * size * columns];
            for (int p = 0; p < problems; p++)
                Array.Copy(data, (p * rows + start) * columns, chunk, p * size * columns, size * columns);
            start += size;
            yield return chunk;
        }
        Assert.Equal(rows, start);
    }

    static void AssertCovClose(double[,] want, double[,] got, double relTol)
    {
        int n = want.GetLength(0);
        double scale = Enumerable.Range(0, n).Max(i => Math.Abs(want[i, i]));
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                Assert.True(Math.Abs(want[i, j] - got[i, j]) <= relTol * scale, $"[{i},{j}] want {want[i, j]} got {got[i, j]}");
    }

    [Theory]
    [InlineData(1, 1000, 5, 1)]
    [InlineData(3, 2345, 7, 2)]
    [InlineData(2, 17, 12, 3)]  // fewer rows than grid threads
    public void SingleChunk_MatchesHostTwoPass(int problems, int rows, int columns, int seed)
    {
        var data = RandomData(seed, problems, rows, columns);
        using var acc = new ChunkedCovariance(fixture.Device, columns, problems);
        acc.Add(data);
        var (covs, means) = acc.Result();
        Assert.Equal(rows, acc.Rows);
        for (int p = 0; p < problems; p++)
        {
            var (cov, mean) = HostTwoPass(data, p, rows, columns);
            AssertCovClose(cov, covs[p], 1e-12);
            for (int c = 0; c < columns; c++) Assert.Equal(mean[c], means[p][c], 1e-9);
            for (int i = 0; i < columns; i++)
                for (int j = 0; j < columns; j++) Assert.Equal(covs[p][i, j], covs[p][j, i]);
        }
    }

    [Fact]
    public void ChunkedRun_EqualsSingleChunkRun()
    {
        const int problems = 2, rows = 3001, columns = 6;
        var data = RandomData(7, problems, rows, columns);
        using var whole = new ChunkedCovariance(fixture.Device, columns, problems);
        whole.Add(data);
        using var chunked = new ChunkedCovariance(fixture.Device, columns, problems);
        foreach (var chunk in Chunks(data, problems, rows, columns, [1, 136, 1000, 0, 1864]))
            chunked.Add(chunk);
        var (a, ma) = whole.Result();
        var (b, mb) = chunked.Result();
        Assert.Equal(rows, chunked.Rows);
        for (int p = 0; p < problems; p++)
        {
            // Different shifts (first chunk of 1 row vs all rows) change only rounding.
            AssertCovClose(a[p], b[p], 1e-12);
            for (int c = 0; c < columns; c++) Assert.Equal(ma[p][c], mb[p][c], 1e-9);
        }
    }

    [Fact]
    public void BadChunks_AreRejected()
    {
        using var acc = new ChunkedCovariance(fixture.Device, 3, 2);
        Assert.Contains("whole number of rows", Assert.Throws<PidInputException>(() => acc.Add(new float[7])).Message);
        var nan = new float[12];
        nan[8] = float.NaN; // problem 1, row 0, column 2
        var e = Assert.Throws<PidInputException>(() => acc.Add(nan));
        Assert.Contains("problem 1, row 0, column 2", e.Message);
        Assert.Contains("no rows", Assert.Throws<PidInputException>(() => acc.Result()).Message);
    }

    [Fact]
    public void EndToEnd_SamplesOfDoublingSystem_DeviceCovarianceThenDeviceGpid()
    {
        // Draw Gaussian samples with the vector-target-doubling covariance (two "layers", independent draws),
        // estimate both covariances on the device and decompose them there without a host round trip.
        var k = GaussianCase.Named("vector-target-doubling");
        const int problems = 2, rows = 20_000, n = 6;
        var l = Cholesky(k.Cov);
        var rng = new Random(99);
        var data = new float[problems * rows * n];
        var z = new double[n];
        for (int r = 0; r < problems * rows; r++)
        {
            for (int i = 0; i < n; i++) z[i] = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            for (int i = 0; i < n; i++)
            {
                double v = 0;
                for (int j = 0; j <= i; j++) v += l[i, j] * z[j];
                data[r * n + i] = (float)v;
            }
        }
        using var covariance = new ChunkedCovariance(fixture.Device, n, problems);
        foreach (var chunk in Chunks(data, problems, rows, n, [8000, 8000, 4000])) covariance.Add(chunk);
        var accel = fixture.Device.Accelerator;
        using var covs = accel.Allocate1D<double>(problems * n * n);
        using var means = accel.Allocate1D<double>(problems * n);
        covariance.FinalizeInto(covs.View, means.View);

        var atoms = new GaussianPidEngine(fixture.Device).Decompose(covs.View, problems, 2, 2, 2, PidMeasures.Broja);
        var (hostCovs, _) = covariance.Result();
        for (int p = 0; p < problems; p++)
        {
            var g = Assert.IsType<GpidAtoms>(atoms[p]);
            Assert.True(g.Converged);
            // Same covariance on the host gives the same decomposition...
            var host = BrojaMeasure.Gpid(hostCovs[p], 2, 2, 2);
            Assert.Equal(host.R, g.R, 1e-7);
            Assert.Equal(host.U2, g.U2, 1e-7);
            // ...and 20 000 samples land near the population values (sampling error, not solver error).
            Assert.Equal(k.Gpid["R"], g.R, 0.05);
            Assert.Equal(k.Gpid["U1"], g.U1, 0.05);
            Assert.Equal(k.Gpid["U2"], g.U2, 0.05);
            Assert.Equal(k.Gpid["S"], g.S, 0.05);
        }
    }

    static double[,] Cholesky(double[,] a)
    {
        int n = a.GetLength(0);
        var l = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = a[i, j];
                for (int k = 0; k < j; k++) s -= l[i, k] * l[j, k];
                l[i, j] = i == j ? Math.Sqrt(s) : s / l[j, j];
            }
        return l;
    }
}

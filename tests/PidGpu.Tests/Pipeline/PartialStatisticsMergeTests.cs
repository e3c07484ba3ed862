using PidGpu.Discretize;
using PidGpu.Formats.Arrays;
using PidGpu.Estimate;
using PidGpu.Reduce;
using PidGpu.Reduce.Cpu;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// A run split by samples across processes gives the one-run numbers: each part's partial statistics (covariance on the
/// host and through the device's tiled Gram kernel, joint histogram counts, the PCA fit's covariance) are computed on
/// their own, carried as bytes (as another process would send them), read back, merged, and compared with one run over
/// all rows and with an independent two-pass computation. Counts merge exactly (integers). Covariances merge exactly in
/// algebra, Σ(x − a)(x − a)ᵀ moved from each part's shift to the first one's; only the rounding of the double sums
/// differs, so they agree to 1e-12 of the largest entry (3 000 rows of O(1) values: about 1e-13 expected).
/// </summary>
[Collection(EngineDeviceCollection.Name)]
public class PartialStatisticsMergeTests(EngineDeviceFixture fixture)
{
    /// <summary>Three parts of unequal size, none a multiple of the host accumulator's 256-row block.</summary>
    static readonly int[] PartRows = [1000, 1237, 763];
    static int TotalRows => PartRows.Sum();

    /// <summary>Rows of d columns: three latent factors with variances 9, 4, 1 spread over the columns, an offset, noise.</summary>
    static float[] FactorRows(int seed, int rows, int d)
    {
        var rng = new Random(seed);
        var loadings = Enumerable.Range(0, 3 * d).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var data = new float[(long)rows * d];
        for (int r = 0; r < rows; r++)
        {
            double f0 = 3 * Gauss(rng), f1 = 2 * Gauss(rng), f2 = Gauss(rng);
            for (int c = 0; c < d; c++)
                data[(long)r * d + c] = (float)(5 + c + f0 * loadings[c] + f1 * loadings[d + c] + f2 * loadings[2 * d + c] + 0.3 * Gauss(rng));
        }
        return data;
    }

    static double Gauss(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>Part p's rows.</summary>
    static float[] Part(float[] data, int d, int p)
    {
        int first = PartRows.Take(p).Sum();
        return data.AsSpan(first * d, PartRows[p] * d).ToArray();
    }

    /// <summary>Each part's partial made on its own, sent as bytes, read back and merged in order.</summary>
    static CovariancePartial Merged(Func<int, CovariancePartial> part)
    {
        var received = Enumerable.Range(0, PartRows.Length).Select(p => CovariancePartial.FromBytes(part(p).ToBytes())).ToArray();
        return received.Skip(1).Aggregate(received[0], (all, next) => all.Merge(next));
    }

    /// <summary>Two-pass ML covariance and means in double (independent of the accumulators).</summary>
    static (double[] Covariance, double[] Mean) TwoPass(float[] data, int d)
    {
        int rows = data.Length / d;
        var mean = new double[d];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < d; c++) mean[c] += data[(long)r * d + c];
        for (int c = 0; c < d; c++) mean[c] /= rows;
        var cov = new double[d * d];
        for (int r = 0; r < rows; r++)
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++) cov[i * d + j] += (data[(long)r * d + i] - mean[i]) * (data[(long)r * d + j] - mean[j]);
        for (int k = 0; k < cov.Length; k++) cov[k] /= rows;
        return (cov, mean);
    }

    static void Close(double[] expected, double[] actual, double relative)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = expected.Max(Math.Abs);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= relative * scale,
                $"entry {i}: merged {actual[i]:R}, one run {expected[i]:R} (tolerance {relative * scale:E2})");
    }

    [Fact]
    public void HostCovariance_SplitInThreeAndMerged_EqualsOneRun()
    {
        const int d = 7;
        var data = FactorRows(1, TotalRows, d);
        var whole = new HostCovariance(d);
        for (int first = 0; first < TotalRows; first += 500) // one process reads in its own chunks
            whole.Add(data.AsSpan(first * d, Math.Min(500, TotalRows - first) * d));

        var merged = Merged(p =>
        {
            var part = new HostCovariance(d);
            part.Add(Part(data, d, p));
            return part.Partial();
        });

        Assert.Equal(TotalRows, merged.Rows);
        var (cov, mean) = merged.Result();
        var (oneCov, oneMean) = whole.Result();
        Close(oneCov, cov, 1e-12);
        Close(oneMean, mean, 1e-12);
        var (refCov, refMean) = TwoPass(data, d);
        Close(refCov, cov, 1e-10);
        Close(refMean, mean, 1e-10);
    }

    [Fact]
    public void DeviceGramCovariance_SplitInThreeAndMerged_EqualsOneRun()
    {
        // 52 columns: the tiled Gram kernel (ChunkedCovariance.TiledMinColumns = 48), forced onto the device kernels.
        const int d = 52;
        Assert.True(d >= ChunkedCovariance.TiledMinColumns);
        var device = fixture.Device;
        var data = FactorRows(2, TotalRows, d);
        using var whole = new ChunkedCovariance(device, d, backend: PcaBackend.Device);
        whole.Add(data);

        var merged = Merged(p =>
        {
            using var part = new ChunkedCovariance(device, d, backend: PcaBackend.Device);
            part.Add(Part(data, d, p));
            return part.Partial();
        });

        var (cov, mean) = merged.Result();
        var one = whole.Partial().Result();
        Close(one.Covariance, cov, 1e-12);
        Close(one.Mean, mean, 1e-12);
        var (refCov, _) = TwoPass(data, d);
        Close(refCov, cov, 1e-10);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void JointCounts_SplitInThreeAndMerged_EqualOneRunExactly(bool onHost)
    {
        var rng = new Random(3);
        int n = TotalRows;
        var x1 = Enumerable.Range(0, n).Select(_ => rng.Next(4)).ToArray();
        var x2 = Enumerable.Range(0, n).Select(_ => rng.Next(3)).ToArray();
        var y = x1.Zip(x2, (a, b) => rng.NextDouble() < 0.8 ? (a + b) % 5 : rng.Next(5)).ToArray();
        var histogrammer = new JointHistogrammer(fixture.Device) { OnHost = onHost };
        var whole = histogrammer.Counts([(x1, x2, y)], 4, 3, 5)[0];

        var received = Enumerable.Range(0, PartRows.Length).Select(p =>
        {
            int first = PartRows.Take(p).Sum(), count = PartRows[p];
            var part = histogrammer.Counts([(x1[first..(first + count)], x2[first..(first + count)], y[first..(first + count)])], 4, 3, 5)[0];
            return JointCounts.FromBytes(part.ToBytes());
        }).ToArray();
        var merged = received.Skip(1).Aggregate(received[0], (all, next) => all.Merge(next));

        Assert.Equal(whole.Counts, merged.Counts);
        var naive = new long[4 * 3 * 5];
        for (int i = 0; i < n; i++) naive[(x1[i] * 3 + x2[i]) * 5 + y[i]]++;
        Assert.Equal(naive, merged.Counts);
        Assert.Equal(histogrammer.Count([(x1, x2, y)], 4, 3, 5)[0].P, merged.ToJoint().P);
    }

    [Theory]
    [InlineData(PcaBackend.Host)]
    [InlineData(PcaBackend.Device)]
    public void PcaFit_FromMergedPartials_EqualsOneFit(PcaBackend backend)
    {
        const int d = 10, k = 3;
        var device = fixture.Device;
        var data = FactorRows(4, TotalRows, d);
        var options = new PcaOptions { Components = k, Backend = backend };
        var one = PcaFit.Fit(device, new InMemoryMatrix(data, d, "all rows"), options);

        var merged = Merged(p => PcaFit.Partial(device, new InMemoryMatrix(Part(data, d, p), d, $"part {p}"), options));
        var fit = PcaFit.FromPartial(device, "all rows", merged, options);

        Assert.Equal(one.Rows, fit.Rows);
        Close(one.Mean, fit.Mean, 1e-12);
        Close(one.Scale, fit.Scale, 1e-12);
        // Eigenpairs move with the correlation matrix's rounding: by about 1e-13 / the eigengap here.
        Close(one.Eigenvalues, fit.Eigenvalues, 1e-10);
        Close(one.Components, fit.Components, 1e-8);
        Assert.Equal(one.ExplainedVarianceRatio, fit.ExplainedVarianceRatio, 1e-10);
    }
}

using ILGPU;
using ILGPU.Runtime;
using PidGpu.Estimate;
using PidGpu.Kernels.Gaussian;
using MathNet.Numerics.LinearAlgebra;
using PidGpu.Formats.Arrays;
using PidGpu.Reduce;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// The tiled Gram covariance kernel (<see cref="CovarianceGramTiles"/>, CPU accelerator) against an independent host
/// two-pass covariance in double, for column counts that are not multiples of the tile, uneven chunks, several slice
/// counts and data around +1e4 (the shifted sums); and its determinism promise: for a fixed first chunk (the shift) and
/// slice count, the bits do not depend on how the later rows are chunked.
/// </summary>
[Collection(EngineDeviceCollection.Name)]
public class GaussianCovarianceTiledTests(EngineDeviceFixture fixture)
{
    /// <summary>problems × rows × columns floats around 1e4: a shared factor, a per-column scale and noise.</summary>
    static float[] OffsetData(int seed, int problems, int rows, int columns)
    {
        var rng = new Random(seed);
        var data = new float[(long)problems * rows * columns];
        for (int p = 0; p < problems; p++)
        {
            var offset = Enumerable.Range(0, columns).Select(_ => 1e4 + 10 * rng.NextDouble()).ToArray();
            for (int r = 0; r < rows; r++)
            {
                double common = rng.NextDouble() - 0.5;
                for (int c = 0; c < columns; c++)
                    data[((long)p * rows + r) * columns + c] = (float)(offset[c] + (1 + c % 5) * common + (rng.NextDouble() - 0.5));
            }
        }
        return data;
    }

    /// <summary>Two-pass ML covariance of one problem (mean first, then centred products), in double.</summary>
    static double[] HostTwoPass(float[] data, int problem, int rows, int d)
    {
        var mean = new double[d];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < d; c++) mean[c] += data[((long)problem * rows + r) * d + c];
        for (int c = 0; c < d; c++) mean[c] /= rows;
        var cov = new double[d * d];
        var x = new double[d];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < d; c++) x[c] = data[((long)problem * rows + r) * d + c] - mean[c];
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++) cov[i * d + j] += x[i] * x[j];
        }
        for (int k = 0; k < cov.Length; k++) cov[k] /= rows;
        return cov;
    }

    /// <summary>The row chunk [start, start + size) of every problem, problem-major.</summary>
    static float[] Chunk(float[] data, int problems, int rows, int d, int start, int size)
    {
        var chunk = new float[(long)problems * size * d];
        for (int p = 0; p < problems; p++)
            Array.Copy(data, ((long)p * rows + start) * d, chunk, (long)p * size * d, (long)size * d);
        return chunk;
    }

    /// <summary>Shift from the first chunk, tiled accumulation chunk by chunk, finalise: problems × d² covariances.</summary>
    double[] RunTiled(float[] data, int problems, int rows, int d, int slices, int[] sizes, int groupSize = 0)
    {
        Assert.Equal(rows, sizes.Sum());
        var acc = fixture.Device.Accelerator;
        var stream = acc.DefaultStream;
        var tiles = fixture.Kernel(a => new CovarianceGramTiles(a));
        var plain = fixture.Kernel(a => new CovarianceAccumulator(a));
        var shape = new CovarianceShape(d, slices);
        using var shift = acc.Allocate1D<double>((long)problems * d);
        using var partial = acc.Allocate1D<double>(problems * shape.PartialLength);
        using var cov = acc.Allocate1D<double>((long)problems * d * d);
        using var mean = acc.Allocate1D<double>((long)problems * d);
        partial.MemSetToZero(stream);
        int start = 0;
        foreach (int size in sizes)
        {
            if (size == 0) continue;
            using var chunk = acc.Allocate1D(Chunk(data, problems, rows, d, start, size));
            if (start == 0) plain.LaunchShift(stream, d, problems, size, chunk.View, shift.View);
            tiles.LaunchAccumulate(stream, shape, problems, size, start, chunk.View, shift.View, partial.View, groupSize);
            stream.Synchronize();
            start += size;
        }
        plain.LaunchFinalize(stream, shape, problems, rows, shift.View, partial.View, mean.View, cov.View);
        return cov.GetAsArray1D(stream);
    }

    /// <summary>|got − want| ≤ tol·√(want_ii·want_jj) for every entry (relative to the entry's natural scale).</summary>
    static void AssertClose(double[] want, double[] got, long offset, int d, double tol)
    {
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
            {
                double scale = Math.Sqrt(want[i * d + i] * want[j * d + j]);
                double g = got[offset + (long)i * d + j];
                Assert.True(Math.Abs(g - want[i * d + j]) <= tol * scale, $"[{i},{j}] want {want[i * d + j]:R} got {g:R}");
            }
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(7, 2, 3)]
    [InlineData(33, 1, 5)]
    [InlineData(100, 2, 0)]  // 0: the slice count ChunkedCovariance would pick
    [InlineData(257, 1, 2)]
    public void UnevenChunks_MatchHostTwoPass(int d, int problems, int slices)
    {
        const int rows = 700;
        int[] sizes = [37, 300, 1, 0, 362];
        if (slices == 0) slices = CovarianceGramTiles.SlicesFor(fixture.Device.Accelerator, d, problems);
        var data = OffsetData(d, problems, rows, d);
        var got = RunTiled(data, problems, rows, d, slices, sizes);
        for (int p = 0; p < problems; p++)
            AssertClose(HostTwoPass(data, p, rows, d), got, (long)p * d * d, d, 1e-12);
    }

    [Theory]
    [InlineData(33, 5)]
    [InlineData(100, 3)]
    public void SameFirstChunk_AnyLaterChunking_IdenticalBits(int d, int slices)
    {
        const int problems = 2, rows = 500;
        var data = OffsetData(11, problems, rows, d);
        var a = RunTiled(data, problems, rows, d, slices, [50, 450]);
        var b = RunTiled(data, problems, rows, d, slices, [50, 450]);
        var c = RunTiled(data, problems, rows, d, slices, [50, 1, 2, 97, 350]);
        var e = RunTiled(data, problems, rows, d, slices, [50, 33, 0, 417]);
        for (int k = 0; k < a.Length; k++)
        {
            long bits = BitConverter.DoubleToInt64Bits(a[k]);
            Assert.Equal(bits, BitConverter.DoubleToInt64Bits(b[k]));
            Assert.Equal(bits, BitConverter.DoubleToInt64Bits(c[k]));
            Assert.Equal(bits, BitConverter.DoubleToInt64Bits(e[k]));
        }
    }

    [Theory]
    [InlineData(7, 16)]   // tile 8: 4 micro-tiles, one per thread, held in registers across blocks (the GPU scheme)
    [InlineData(15, 16)]  // tile 16: 16 micro-tiles on 16 threads
    [InlineData(33, 16)]  // tile 32: 64 micro-tiles walked by 16 threads
    [InlineData(33, 3)]
    public void GroupSize_ChangesNoBits(int d, int groupSize)
    {
        const int problems = 2, rows = 300;
        Assert.True(fixture.Device.Accelerator.MaxNumThreadsPerGroup >= groupSize);
        var data = OffsetData(17, problems, rows, d);
        var one = RunTiled(data, problems, rows, d, 3, [100, 200], groupSize: 1);
        var many = RunTiled(data, problems, rows, d, 3, [100, 200], groupSize);
        for (int k = 0; k < one.Length; k++)
            Assert.Equal(BitConverter.DoubleToInt64Bits(one[k]), BitConverter.DoubleToInt64Bits(many[k]));
        for (int p = 0; p < problems; p++)
            AssertClose(HostTwoPass(data, p, rows, d), many, (long)p * d * d, d, 1e-12);
    }

    [Fact]
    public void DifferentFirstChunk_ChangesOnlyRounding()
    {
        const int problems = 1, rows = 400, d = 40;
        var data = OffsetData(5, problems, rows, d);
        var a = RunTiled(data, problems, rows, d, 4, [400]);
        var b = RunTiled(data, problems, rows, d, 4, [3, 397]);
        AssertClose(a, b, 0, d, 1e-12);
    }

    [Fact]
    public void ChunkedCovariance_WideInput_UsesTiledPath_MatchesHost()
    {
        const int problems = 2, rows = 300, d = ChunkedCovariance.TiledMinColumns + 9;
        var data = OffsetData(3, problems, rows, d);
        using var whole = new ChunkedCovariance(fixture.Device, d, problems);
        whole.Add(data);
        using var chunked = new ChunkedCovariance(fixture.Device, d, problems);
        chunked.Add(Chunk(data, problems, rows, d, 0, 100));
        chunked.Add(Chunk(data, problems, rows, d, 100, 77));
        chunked.Add(Chunk(data, problems, rows, d, 177, 123));
        using var split = new ChunkedCovariance(fixture.Device, d, problems);
        split.Add(Chunk(data, problems, rows, d, 0, 100));
        split.Add(Chunk(data, problems, rows, d, 100, 200));
        var (covs, _) = chunked.Result();
        var (other, _) = split.Result();
        var (single, _) = whole.Result();
        for (int p = 0; p < problems; p++)
        {
            var want = HostTwoPass(data, p, rows, d);
            var flat = new double[d * d];
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++)
                {
                    flat[i * d + j] = covs[p][i, j];
                    Assert.Equal(BitConverter.DoubleToInt64Bits(covs[p][i, j]), BitConverter.DoubleToInt64Bits(other[p][i, j]));
                    Assert.Equal(covs[p][i, j], covs[p][j, i]);
                }
            AssertClose(want, flat, 0, d, 1e-12);
            var flatSingle = new double[d * d];
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++) flatSingle[i * d + j] = single[p][i, j];
            AssertClose(want, flatSingle, 0, d, 1e-12);
        }
    }

    [Fact]
    public void PcaFit_WideInput_EigenvaluesMatchMathNetOnHostCorrelation()
    {
        // d ≥ TiledMinColumns, so PcaFit's covariance goes through the tiled kernel, in four chunks of rows.
        const int rows = 1000, d = ChunkedCovariance.TiledMinColumns + 16, k = 4;
        var data = OffsetData(21, 1, rows, d);
        var model = PcaFit.Fit(fixture.Device, new ArrayMatrixSource(data, d), new PcaOptions { Components = k, ChunkValues = 300 * d });
        var host = HostTwoPass(data, 0, rows, d);
        var cov = Matrix<double>.Build.Dense(d, d, (i, j) => host[i * d + j]);
        var corr = Matrix<double>.Build.Dense(d, d, (i, j) => cov[i, j] / Math.Sqrt(cov[i, i] * cov[j, j]));
        var want = corr.Evd(Symmetricity.Symmetric).EigenValues.Select(v => v.Real).OrderDescending().ToArray();
        for (int j = 0; j < k; j++)
            Assert.True(Math.Abs(model.Eigenvalues[j] - want[j]) <= 1e-8 * want[j], $"λ{j}: want {want[j]:R} got {model.Eigenvalues[j]:R}");
    }
}

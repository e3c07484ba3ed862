using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using PidGpu.Estimate;
using PidGpu.Reduce;
using PidGpu.Reduce.Cpu;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// The host back-end of the reduce stage (packed SIMD SYRK/GEMM, <see cref="PcaBackend.Host"/>) against the ILGPU kernels
/// (<see cref="PcaBackend.Device"/>, on the CPU accelerator) and against independent references computed here: a two-pass
/// covariance in double and MathNet's dense EVD of the correlation matrix. Shapes are ragged on purpose (d not a multiple
/// of the 12-column panels, N not a multiple of the 4-row tiles or the 256-row blocks, several chunks).
/// </summary>
[Collection(EngineDeviceCollection.Name)]
public class ReducePcaBackendTests(EngineDeviceFixture fixture)
{
    /// <summary>Two-pass ML covariance and means in double.</summary>
    static (double[] Covariance, double[] Mean) TwoPass(float[] data, int d) => TwoPass(Array.ConvertAll(data, v => (double)v), d);

    static (double[] Covariance, double[] Mean) TwoPass(double[] data, int d)
    {
        int n = data.Length / d;
        var mean = new double[d];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < d; c++) mean[c] += data[i * d + c];
        for (int c = 0; c < d; c++) mean[c] /= n;
        var cov = new double[d * d];
        for (int i = 0; i < n; i++)
            for (int a = 0; a < d; a++)
            {
                double x = data[i * d + a] - mean[a];
                for (int b = 0; b < d; b++) cov[a * d + b] += x * (data[i * d + b] - mean[b]);
            }
        for (int j = 0; j < cov.Length; j++) cov[j] /= n;
        return (cov, mean);
    }

    /// <summary>MathNet's eigenvalues of the correlation matrix, descending, with their vectors as columns.</summary>
    internal static (double[] Values, Matrix<double> Vectors) Reference(float[] data, int d)
    {
        var (cov, _) = TwoPass(data, d);
        var r = Matrix<double>.Build.Dense(d, d, (i, j) => cov[i * d + j] / Math.Sqrt(cov[i * d + i] * cov[j * d + j]));
        var evd = r.Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, d).OrderByDescending(i => evd.EigenValues[i].Real).ToArray();
        return (order.Select(i => evd.EigenValues[i].Real).ToArray(), Matrix<double>.Build.Dense(d, d, (i, j) => evd.EigenVectors[i, order[j]]));
    }

    [Theory]
    [InlineData(1, 700, 1)]
    [InlineData(13, 1001, 2)]
    [InlineData(37, 2345, 3)]
    public void HostCovariance_MatchesTwoPass_AndMergesExactly(int d, int rows, int seed)
    {
        var data = FactorData.Generate(seed, rows, d, Math.Min(d, 4), 0.7);
        var (want, wantMean) = TwoPass(data, d);
        var whole = new HostCovariance(d);
        whole.Add(data);
        // Shards with their own shifts, merged in a different grouping.
        int[] cuts = [0, 1, 300, rows];
        var parts = new HostCovariance[cuts.Length - 1];
        for (int p = 0; p < parts.Length; p++)
        {
            parts[p] = new HostCovariance(d);
            parts[p].Add(data.AsSpan(cuts[p] * d, (cuts[p + 1] - cuts[p]) * d));
        }
        parts[1].Merge(parts[2]);
        var merged = new HostCovariance(d);
        merged.Merge(parts[0]);
        merged.Merge(parts[1]);
        Assert.Equal(rows, merged.Rows);
        foreach (var acc in new[] { whole, merged })
        {
            var (cov, mean) = acc.Result();
            double scale = want.Max(Math.Abs);
            for (int i = 0; i < d * d; i++) Assert.True(Math.Abs(cov[i] - want[i]) <= 1e-12 * scale, $"[{i / d},{i % d}] want {want[i]:R} got {cov[i]:R}");
            for (int c = 0; c < d; c++) Assert.Equal(wantMean[c], mean[c], 1e-9);
        }
    }

    [Fact]
    public void HostCovariance_RejectsBadInput()
    {
        var acc = new HostCovariance(3);
        Assert.Contains("whole number of rows", Assert.Throws<PidInputException>(() => acc.Add(new float[7])).Message);
        Assert.Contains("row 1, column 2", Assert.Throws<PidInputException>(() => acc.Add([1, 2, 3, 4, 5, float.NaN])).Message);
        Assert.Contains("no rows", Assert.Throws<PidInputException>(() => acc.Result()).Message);
        Assert.Contains("4 columns", Assert.Throws<PidInputException>(() => acc.Merge(new HostCovariance(4))).Message);
    }

    [Fact]
    public void ChunkedCovariance_HostAndDevice_Agree()
    {
        const int problems = 2, rows = 1500, d = 50;
        var data = new float[problems * rows * d];
        FactorData.Generate(5, problems * rows, d, 6, 0.5).CopyTo(data, 0);
        using var host = new ChunkedCovariance(fixture.Device, d, problems, PcaBackend.Host);
        using var device = new ChunkedCovariance(fixture.Device, d, problems, PcaBackend.Device);
        host.Add(data);
        device.Add(data);
        var (a, ma) = host.Result();
        var (b, mb) = device.Result();
        for (int p = 0; p < problems; p++)
            for (int i = 0; i < d; i++)
            {
                Assert.Equal(mb[p][i], ma[p][i], 1e-9);
                for (int j = 0; j < d; j++) Assert.True(Math.Abs(a[p][i, j] - b[p][i, j]) <= 1e-12 * Math.Abs(b[p][i, i] + b[p][j, j]), $"problem {p} [{i},{j}]");
            }
    }

    /// <summary>Both back-ends: once the first chunk has fixed the shift, later chunking does not change a bit.</summary>
    [Theory]
    [InlineData(PcaBackend.Host)]
    [InlineData(PcaBackend.Device)]
    public void ChunkedCovariance_BitsDoNotDependOnLaterChunks(PcaBackend backend)
    {
        const int problems = 2, rows = 1500, d = 50;
        var data = FactorData.Generate(6, problems * rows, d, 6, 0.5);
        float[] Chunk(int first, int count)
        {
            var chunk = new float[problems * count * d];
            for (int p = 0; p < problems; p++) Array.Copy(data, (p * rows + first) * d, chunk, p * count * d, count * d);
            return chunk;
        }
        using var a = new ChunkedCovariance(fixture.Device, d, problems, backend);
        using var b = new ChunkedCovariance(fixture.Device, d, problems, backend);
        a.Add(Chunk(0, 300));
        a.Add(Chunk(300, 1200));
        b.Add(Chunk(0, 300));
        b.Add(Chunk(300, 1));
        b.Add(Chunk(301, 516));
        b.Add(Chunk(817, 683));
        var (ca, _) = a.Result();
        var (cb, _) = b.Result();
        for (int p = 0; p < problems; p++)
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++) Assert.Equal(BitConverter.DoubleToInt64Bits(ca[p][i, j]), BitConverter.DoubleToInt64Bits(cb[p][i, j]));
    }

    /// <summary>Subspace iteration (d above the Jacobi limit) on both back-ends: eigenvalues against MathNet and each
    /// other, loadings up to sign, means, scales and scores; on the formed matrix and matrix-free.</summary>
    [Theory]
    [InlineData(61, 5, 16, PcaMethod.Covariance, 1L << 28)]  // subspace iteration on the formed matrix
    [InlineData(61, 5, 256, PcaMethod.Covariance, 1L << 28)] // host Jacobi after either covariance
    [InlineData(61, 5, 16, PcaMethod.MatrixFree, 1L << 28)]  // matrix-free, rows kept in memory
    [InlineData(61, 7, 16, PcaMethod.MatrixFree, 0L)]        // matrix-free, rows re-read on every product
    public void HostAndDevice_MatchEachOtherAndMathNet(int d, int k, int jacobiMax, PcaMethod method, long resident)
    {
        const int rows = 2003;
        var data = FactorData.Generate(8, rows, d, 9, 1, decay: 0.8, offsetSpread: 100);
        var options = new PcaOptions
        {
            Components = k, JacobiMaxColumns = jacobiMax, ChunkValues = 333 * d, Method = method, MatrixFreeResidentValues = resident,
            // Matrix-free, each back-end rounds the block up to its own tile width (host 12, device 4): with k + p = 12 both
            // iterate on the same block and agree to rounding, not just to the convergence tolerance.
            Oversampling = method == PcaMethod.MatrixFree ? 12 - k : 8,
        };
        var host = PcaFit.Fit(fixture.Device, new ArrayMatrixSource(data, d), options with { Backend = PcaBackend.Host });
        var device = PcaFit.Fit(fixture.Device, new ArrayMatrixSource(data, d), options with { Backend = PcaBackend.Device });
        var (values, vectors) = Reference(data, d);
        Assert.True(host.Eigensolver.Converged);
        Assert.Equal(device.Eigensolver.Solver, host.Eigensolver.Solver);
        for (int j = 0; j < k; j++)
        {
            Assert.True(Math.Abs(host.Eigenvalues[j] - values[j]) <= 1e-9 * values[j], $"λ{j}: MathNet {values[j]:R} host {host.Eigenvalues[j]:R}");
            Assert.True(Math.Abs(host.Eigenvalues[j] - device.Eigenvalues[j]) <= 1e-11 * values[j], $"λ{j}: device {device.Eigenvalues[j]:R} host {host.Eigenvalues[j]:R}");
            Assert.True(Loadings.AbsCosine(host.Components, k, j, c => vectors[c, j]) > 1 - 1e-9, $"loading {j} vs MathNet");
            Assert.True(Loadings.AbsCosine(host.Components, k, j, c => device.Loading(c, j)) > 1 - 1e-11, $"loading {j} vs device");
        }
        Assert.Equal(device.Trace, host.Trace, 1e-10);
        Assert.Equal(device.ExplainedVarianceRatio, host.ExplainedVarianceRatio, 1e-11);
        for (int c = 0; c < d; c++)
        {
            Assert.Equal(device.Mean[c], host.Mean[c], 1e-9);
            Assert.True(Math.Abs(device.Scale[c] - host.Scale[c]) <= 1e-12 * device.Scale[c]);
        }

        // Projection of the same model: host GEMM against the device kernel, then scores as a host product.
        var hostScores = PcaProjection.Transform(fixture.Device, device, new ArrayMatrixSource(data, d), 333 * d, PcaBackend.Host);
        var deviceScores = PcaProjection.Transform(fixture.Device, device, new ArrayMatrixSource(data, d), 333 * d, PcaBackend.Device);
        for (int i = 0; i < rows * k; i++)
            Assert.True(Math.Abs(hostScores[i] - deviceScores[i]) <= 1e-12 * (1 + Math.Abs(deviceScores[i])), $"score {i}: {deviceScores[i]:R} vs {hostScores[i]:R}");
    }

    /// <summary>
    /// A variance target keeps the fewest components reaching that share of the trace, as counted from MathNet's full
    /// spectrum; host and device, subspace, Jacobi and matrix-free all pick the same k and eigenvalues.
    /// </summary>
    [Theory]
    [InlineData(0.5)]
    [InlineData(0.8)]
    [InlineData(0.95)]
    public void VarianceTarget_KeepsFewestComponentsReachingIt(double target)
    {
        const int rows = 3001, d = 70;
        var data = FactorData.Generate(12, rows, d, 20, 0.6, decay: 0.85, offsetSpread: 50);
        var (values, _) = Reference(data, d);
        int want = 0;
        for (double sum = 0; sum < target * values.Sum(); want++) sum += values[want];
        var options = new PcaOptions { Components = 2, VarianceTarget = target };
        var fits = new[]
        {
            PcaFit.Fit(fixture.Device, new ArrayMatrixSource(data, d), options with { Backend = PcaBackend.Host, JacobiMaxColumns = 16 }),
            PcaFit.Fit(fixture.Device, new ArrayMatrixSource(data, d), options with { Backend = PcaBackend.Device, JacobiMaxColumns = 16 }),
            PcaFit.Fit(fixture.Device, new ArrayMatrixSource(data, d), options with { Backend = PcaBackend.Host }), // Jacobi
            PcaFit.Fit(fixture.Device, new ArrayMatrixSource(data, d), options with { Backend = PcaBackend.Host, Method = PcaMethod.MatrixFree, MatrixFreeTolerance = 1e-10 }),
        };
        foreach (var model in fits)
        {
            Assert.Equal(want, model.K);
            Assert.True(model.ExplainedVarianceRatio >= target);
            Assert.True(model.Eigenvalues[..^1].Sum() / model.Trace < target);
            for (int j = 0; j < want; j++) Assert.True(Math.Abs(model.Eigenvalues[j] - values[j]) <= 1e-9 * values[j], $"λ{j} ({model.Eigensolver.Solver})");
        }
        Assert.True(want > 2, $"the target should need growing k; it needs {want}");
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void VarianceTarget_OutsideRange_IsInputError(double target)
    {
        var data = FactorData.Generate(1, 100, 6, 2, 0.5);
        var ex = Assert.Throws<PidInputException>(() => PcaFit.Fit(fixture.Device, new ArrayMatrixSource(data, 6), new PcaOptions { VarianceTarget = target }));
        Assert.Contains("variance target", ex.Message);
    }

    /// <summary>Downstream: Gaussian PID atoms of the PCA scores of two sources and a target agree between the back-ends.</summary>
    [Fact]
    public void PidAtomsOfReducedSources_AgreeBetweenBackends()
    {
        const int rows = 4000, d = 40, k = 3;
        var x1 = FactorData.Generate(21, rows, d, 5, 0.8, decay: 0.8);
        var x2 = FactorData.Generate(22, rows, d, 5, 0.8, decay: 0.8);
        // The target: the standardised row sums of both sources (they load on the top factors) plus noise.
        var (c1, m1) = TwoPass(x1, d);
        var (c2, m2) = TwoPass(x2, d);
        var noise = new Random(23);
        var y = new float[rows];
        for (int i = 0; i < rows; i++)
        {
            double v = 4 * FactorData.Gaussian(noise);
            for (int c = 0; c < d; c++) v += (x1[i * d + c] - m1[c]) / Math.Sqrt(c1[c * d + c]) + (x2[i * d + c] - m2[c]) / Math.Sqrt(c2[c * d + c]);
            y[i] = (float)v;
        }
        PidAtoms Atoms(PcaBackend backend)
        {
            var options = new PcaOptions { Components = k, JacobiMaxColumns = 16, Backend = backend };
            var s1 = PcaProjection.Transform(fixture.Device, PcaFit.Fit(fixture.Device, new ArrayMatrixSource(x1, d), options), new ArrayMatrixSource(x1, d), backend: backend);
            var s2 = PcaProjection.Transform(fixture.Device, PcaFit.Fit(fixture.Device, new ArrayMatrixSource(x2, d), options), new ArrayMatrixSource(x2, d), backend: backend);
            var joint = new double[rows * (2 * k + 1)];
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < k; j++)
                {
                    joint[i * (2 * k + 1) + j] = s1[i * k + j];
                    joint[i * (2 * k + 1) + k + j] = s2[i * k + j];
                }
                joint[i * (2 * k + 1) + 2 * k] = y[i];
            }
            var (cov, _) = TwoPass(joint, 2 * k + 1);
            var matrix = new double[2 * k + 1, 2 * k + 1];
            for (int i = 0; i < 2 * k + 1; i++)
                for (int j = 0; j < 2 * k + 1; j++) matrix[i, j] = cov[i * (2 * k + 1) + j];
            return PidMeasures.Mmi.Gaussian(matrix, k, k, 1);
        }
        var host = Atoms(PcaBackend.Host);
        var device = Atoms(PcaBackend.Device);
        Assert.True(host.I > 0.1, $"the target should carry information, I = {host.I}");
        Assert.Equal(device.R, host.R, 1e-9);
        Assert.Equal(device.U1, host.U1, 1e-9);
        Assert.Equal(device.U2, host.U2, 1e-9);
        Assert.Equal(device.S, host.S, 1e-9);
    }
}

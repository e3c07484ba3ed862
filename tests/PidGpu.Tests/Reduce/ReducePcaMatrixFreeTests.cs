using ILGPU;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using PidGpu.Kernels.Reduce;
using PidGpu.Reduce;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// The matrix-free PCA path of <see cref="PcaFit"/> (CPU accelerator) against MathNet's dense EVD of the correlation
/// matrix computed here in double, on low-rank-plus-noise data with a decaying spectrum (N = 3000, d = 600, k = 8):
/// eigenvalues, loadings up to sign, scores, the reported residual; agreement with the covariance path; the Auto rule;
/// bad input; and that non-convergence is reported.
/// </summary>
[Collection(EngineDeviceCollection.Name)]
public class ReducePcaMatrixFreeTests(EngineDeviceFixture fixture)
{
    const int Rows = 3000, D = 600, K = 8;


    /// <summary>12 latent factors with strengths 0.8^i mixed into every column, unit noise, large offsets and
    /// column scales over four decades: correlation eigenvalues ≈ 160·0.64^i above a noise bulk below ~1.</summary>
    static float[] DecayingSpectrum(int seed, int rows, int d) => FactorData.Generate(seed, rows, d, rank: 12, noise: 1, decay: 0.8, offsetSpread: 100);

    /// <summary>The data, its host standardisation (two-pass ML) and MathNet's EVD of the correlation matrix, built once.</summary>
    sealed class Reference
    {
        public readonly float[] Data = DecayingSpectrum(11, Rows, D);
        public readonly double[] Mean = new double[D], Scale = new double[D];
        public readonly Matrix<double> Z, Correlation;
        public readonly double[] Values;
        public readonly Matrix<double> Vectors; // columns, descending values

        public Reference()
        {
            for (int i = 0; i < Rows; i++)
                for (int c = 0; c < D; c++) Mean[c] += Data[i * D + c];
            for (int c = 0; c < D; c++) Mean[c] /= Rows;
            for (int i = 0; i < Rows; i++)
                for (int c = 0; c < D; c++) Scale[c] += Math.Pow(Data[i * D + c] - Mean[c], 2);
            for (int c = 0; c < D; c++) Scale[c] = Math.Sqrt(Scale[c] / Rows);
            Z = Matrix<double>.Build.Dense(Rows, D, (i, c) => (Data[i * D + c] - Mean[c]) / Scale[c]);
            Correlation = Z.TransposeThisAndMultiply(Z) / Rows;
            var evd = Correlation.Evd(Symmetricity.Symmetric);
            var order = Enumerable.Range(0, D).OrderByDescending(i => evd.EigenValues[i].Real).ToArray();
            Values = order.Select(i => evd.EigenValues[i].Real).ToArray();
            Vectors = Matrix<double>.Build.Dense(D, D, (i, j) => evd.EigenVectors[i, order[j]]);
        }
    }

    static readonly Lazy<Reference> Shared = new(() => new Reference());

    [Fact]
    public void MatrixFree_MatchesDenseReference()
    {
        var r = Shared.Value;
        var options = new PcaOptions { Components = K, Method = PcaMethod.MatrixFree, ChunkValues = 700 * D };
        var source = new ArrayMatrixSource(r.Data, D);
        var model = PcaFit.Fit(fixture.Device, source, options);
        var eigen = model.Eigensolver;
        Assert.Equal("matrix-free", eigen.Solver);
        Assert.True(eigen.Converged, $"residual {eigen.Residual:E2} after {eigen.Iterations} iterations");
        Assert.Equal(5, source.Reads); // resident: the rows are read once (5 chunks of ≤ 700), never per iteration

        for (int c = 0; c < D; c++)
        {
            Assert.True(Math.Abs(model.Mean[c] - r.Mean[c]) <= 1e-9 * (Math.Abs(r.Mean[c]) + r.Scale[c]), $"mean {c}");
            Assert.True(Math.Abs(model.Scale[c] - r.Scale[c]) <= 1e-9 * r.Scale[c], $"scale {c}: {model.Scale[c]:R} vs {r.Scale[c]:R}");
        }
        Assert.Equal(D, model.Trace, 1e-9);
        for (int j = 0; j < K; j++)
        {
            Assert.True(Math.Abs(model.Eigenvalues[j] - r.Values[j]) <= 1e-6 * r.Values[j], $"λ{j}: want {r.Values[j]:R} got {model.Eigenvalues[j]:R}");
            double cos = Loadings.AbsCosine(model.Components, K, j, c => r.Vectors[c, j]);
            Assert.True(cos > 1 - 1e-6, $"component {j}: |cos| = {cos:R}");
            double best = 0;
            for (int c = 0; c < D; c++)
                if (Math.Abs(model.Loading(c, j)) > Math.Abs(best)) best = model.Loading(c, j);
            Assert.True(best > 0, $"component {j}: the largest-magnitude loading should be positive");
        }
        Assert.True(eigen.Residual <= options.MatrixFreeTolerance * model.Eigenvalues[0], $"residual {eigen.Residual:E2}");
        Assert.Equal(eigen.Residual, DenseResidual(r.Correlation, model), 1e-9 * r.Values[0]);

        // Scores on the device against the reference scores Z·v (sign-aligned), in units of each component's spread.
        var scores = model.Transform(fixture.Device, new ArrayMatrixSource(r.Data, D));
        var want = r.Z * r.Vectors.SubMatrix(0, D, 0, K);
        for (int j = 0; j < K; j++)
        {
            double sign = Math.Sign(Enumerable.Range(0, D).Sum(c => model.Loading(c, j) * r.Vectors[c, j]));
            double worst = 0;
            for (int i = 0; i < Rows; i++) worst = Math.Max(worst, Math.Abs(scores[i * K + j] - sign * want[i, j]));
            Assert.True(worst <= 1e-5 * Math.Sqrt(r.Values[j]), $"scores of component {j} differ by up to {worst:E2}");
        }
    }

    /// <summary>Independent max ‖C·v − λ·v‖ over the model's pairs, with the dense reference C.</summary>
    static double DenseResidual(Matrix<double> correlation, PcaModel model)
    {
        double worst = 0;
        for (int j = 0; j < model.K; j++)
        {
            var v = Vector<double>.Build.Dense(D, c => model.Loading(c, j));
            worst = Math.Max(worst, (correlation * v - model.Eigenvalues[j] * v).L2Norm());
        }
        return worst;
    }

    [Fact]
    public void MatrixFree_AgreesWithCovariancePath_AlsoWhenStreaming()
    {
        var r = Shared.Value;
        var dense = PcaFit.Fit(fixture.Device, new ArrayMatrixSource(r.Data, D), new PcaOptions { Components = K, Method = PcaMethod.Covariance });
        Assert.Equal("subspace", dense.Eigensolver.Solver);
        // Nothing resident: every iteration re-reads the source in chunks of 1000 rows.
        var source = new ArrayMatrixSource(r.Data, D);
        var free = PcaFit.Fit(fixture.Device, source, new PcaOptions
        {
            Components = K, Method = PcaMethod.MatrixFree, ChunkValues = 1000 * D, MatrixFreeResidentValues = 0,
        });
        Assert.True(free.Eigensolver.Converged);
        Assert.Equal(3 * (1 + free.Eigensolver.Iterations), source.Reads);
        Assert.Equal(dense.Trace, free.Trace, 1e-9);
        for (int c = 0; c < D; c++)
        {
            Assert.True(Math.Abs(free.Mean[c] - dense.Mean[c]) <= 1e-9 * (Math.Abs(dense.Mean[c]) + dense.Scale[c]), $"mean {c}");
            Assert.True(Math.Abs(free.Scale[c] - dense.Scale[c]) <= 1e-9 * dense.Scale[c], $"scale {c}");
        }
        for (int j = 0; j < K; j++)
        {
            Assert.True(Math.Abs(free.Eigenvalues[j] - dense.Eigenvalues[j]) <= 1e-6 * dense.Eigenvalues[j], $"λ{j}");
            double cos = Loadings.AbsCosine(free.Components, K, j, c => dense.Components[c * K + j]);
            Assert.True(cos > 1 - 1e-6, $"component {j}: |cos| = {cos:R}");
            // Same sign convention on both paths.
            Assert.True(Enumerable.Range(0, D).Sum(c => free.Loading(c, j) * dense.Loading(c, j)) > 0, $"component {j} sign");
        }
    }

    [Theory]
    [InlineData(0, 1L << 28)] // m = 3: one padded block column
    [InlineData(6, 0)]        // m = 9, streamed from the source every iteration
    public void RaggedShapes_MatchMathNet(int oversampling, long resident)
    {
        // d, the chunk rows (333) and the last chunk (5 rows) are not multiples of the 4×4 micro-tiles.
        const int rows = 1004, d = 77, k = 3;
        var data = DecayingSpectrum(12, rows, d);
        var model = PcaFit.Fit(fixture.Device, new ArrayMatrixSource(data, d), new PcaOptions
        {
            Components = k, Oversampling = oversampling, Method = PcaMethod.MatrixFree, ChunkValues = 333 * d,
            MatrixFreeResidentValues = resident, MatrixFreeTolerance = 1e-9,
        });
        Assert.True(model.Eigensolver.Converged, $"residual {model.Eigensolver.Residual:E2} after {model.Eigensolver.Iterations}");
        var x = Matrix<double>.Build.Dense(rows, d, (i, c) => data[i * d + c]);
        var centred = x - Matrix<double>.Build.Dense(rows, d, (_, c) => x.Column(c).Average());
        var cov = centred.TransposeThisAndMultiply(centred) / rows;
        var correlation = Matrix<double>.Build.Dense(d, d, (i, j) => cov[i, j] / Math.Sqrt(cov[i, i] * cov[j, j]));
        var evd = correlation.Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, d).OrderByDescending(i => evd.EigenValues[i].Real).ToArray();
        for (int j = 0; j < k; j++)
        {
            double want = evd.EigenValues[order[j]].Real;
            Assert.True(Math.Abs(model.Eigenvalues[j] - want) <= 1e-9 * want, $"λ{j}: want {want:R} got {model.Eigenvalues[j]:R}");
            double dot = 0;
            for (int c = 0; c < d; c++) dot += model.Loading(c, j) * evd.EigenVectors[c, order[j]];
            Assert.True(Math.Abs(dot) > 1 - 1e-9, $"component {j}: |cos| = {Math.Abs(dot):R}");
        }
        for (int c = 0; c < d; c++)
            Assert.True(Math.Abs(model.Scale[c] - Math.Sqrt(cov[c, c])) <= 1e-9 * model.Scale[c], $"scale {c}");
    }

    [Fact]
    public void NotConvergedWithinMaxIterations_IsReported()
    {
        var r = Shared.Value;
        var options = new PcaOptions { Components = K, Method = PcaMethod.MatrixFree, MatrixFreeMaxIterations = 1, MatrixFreeTolerance = 1e-12 };
        var model = PcaFit.Fit(fixture.Device, new ArrayMatrixSource(r.Data, D), options);
        var eigen = model.Eigensolver;
        Assert.False(eigen.Converged);
        Assert.Equal(1, eigen.Iterations);
        Assert.True(eigen.Residual > options.MatrixFreeTolerance * model.Eigenvalues[0], $"residual {eigen.Residual:E2}");
        // The reported residual is the true one of the returned (unconverged) pairs.
        Assert.Equal(DenseResidual(r.Correlation, model), eigen.Residual, 1e-9 * r.Values[0]);
    }

    [Theory]
    [InlineData(600, 8, 8, PcaMethod.Auto, PcaMethod.Covariance)]
    [InlineData(1024, 1, 0, PcaMethod.Auto, PcaMethod.Covariance)]   // d ≤ 1024 never changes path
    [InlineData(2048, 8, 8, PcaMethod.Auto, PcaMethod.MatrixFree)]   // 120·m = 1920 ≤ d
    [InlineData(2048, 16, 8, PcaMethod.Auto, PcaMethod.Covariance)]  // 120·m = 2880 > d
    [InlineData(4096, 8, 8, PcaMethod.Auto, PcaMethod.MatrixFree)]
    [InlineData(4096, 26, 8, PcaMethod.Auto, PcaMethod.MatrixFree)]  // 120·m = 4080
    [InlineData(4096, 27, 8, PcaMethod.Auto, PcaMethod.Covariance)]  // many components: the covariance is cheaper
    [InlineData(2048, 1, 0, PcaMethod.Auto, PcaMethod.MatrixFree)]
    [InlineData(4096, 8, 8, PcaMethod.Covariance, PcaMethod.Covariance)]
    [InlineData(100, 8, 8, PcaMethod.MatrixFree, PcaMethod.MatrixFree)]
    public void AutoRule_PicksByEstimatedWork(int d, int k, int oversampling, PcaMethod method, PcaMethod expected)
        => Assert.Equal(expected, new PcaOptions { Components = k, Oversampling = oversampling, Method = method }.MethodFor(d));

    static float[] Small(int seed) => DecayingSpectrum(seed, 200, 20);

    [Fact]
    public void ConstantColumn_IsNamed()
    {
        var data = Small(3);
        for (int i = 0; i < 200; i++) data[i * 20 + 5] = -7.5f;
        var ex = Assert.Throws<PidInputException>(() => PcaFit.Fit(fixture.Device, new ArrayMatrixSource(data, 20, "acts.npy"),
            new PcaOptions { Components = 3, Method = PcaMethod.MatrixFree }));
        Assert.Contains("acts.npy: column 5", ex.Message);
        Assert.Contains("constant", ex.Message);
    }

    [Fact]
    public void NonFiniteValue_NamesRowAndColumn()
    {
        var data = Small(4);
        data[137 * 20 + 9] = float.NaN;
        var ex = Assert.Throws<PidInputException>(() => PcaFit.Fit(fixture.Device, new ArrayMatrixSource(data, 20),
            new PcaOptions { Components = 3, Method = PcaMethod.MatrixFree, ChunkValues = 50 * 20 }));
        Assert.Contains("row 137, column 9", ex.Message);
        Assert.Contains("NaN", ex.Message);
        Assert.Equal((137L, 9), (ex.Row!.Value, ex.Column!.Value));
        Assert.True(double.IsNaN(ex.Value!.Value));
    }

    [Theory]
    [InlineData(20)]
    [InlineData(21)]
    public void ComponentsNotBelowColumns_IsInputError(int k)
    {
        var source = new ArrayMatrixSource(Small(5), 20);
        var ex = Assert.Throws<PidInputException>(() => PcaFit.Fit(fixture.Device, source, new PcaOptions { Components = k, Method = PcaMethod.MatrixFree }));
        Assert.Contains($"k = {k}", ex.Message);
        Assert.Contains("k ≥ d", ex.Message);
        Assert.Equal(0, source.Reads);
    }
}

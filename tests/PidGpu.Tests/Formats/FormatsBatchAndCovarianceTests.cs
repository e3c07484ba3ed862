using PidGpu.Formats;

namespace PidGpu.Tests;

/// <summary>The whole-array .npy inputs: a batch of joint tables (N, n1, n2, ny) and a covariance over [X1, X2, Y].</summary>
public sealed class FormatsBatchAndCovarianceTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("pidgpu-batch-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    string File(string name, byte[] bytes)
    {
        var path = Path.Combine(dir, name);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void JointBatch_ReadsEachTableInOrder_NormalisingCounts()
    {
        // Problem 0: XOR as counts; problem 1: COPY-like probabilities. Shape (2, 2, 2, 2).
        double[] values = [1, 0, 0, 1, 0, 1, 1, 0, /* problem 1 */ 0.5, 0, 0, 0, 0, 0, 0, 0.5];
        var joints = JointBatchReader.Read(File("b.npy", ArrayBytes.Npy("<f8", "(2, 2, 2, 2)", ArrayBytes.F64(values))));
        Assert.Equal(2, joints.Length);
        Assert.Equal(0.25, joints[0][0, 0, 0]);
        Assert.Equal(0.25, joints[0][1, 1, 0]);
        Assert.Equal(0, joints[0][0, 0, 1]);
        Assert.Equal(0.5, joints[1][0, 0, 0]);
        Assert.Equal(0.5, joints[1][1, 1, 1]);
    }

    [Fact]
    public void JointBatch_NamesTheBadProblem()
    {
        double[] values = [1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, -1, 0, 1, 1, 0];
        var ex = Assert.Throws<PidInputException>(() => JointBatchReader.Read(File("neg.npy", ArrayBytes.Npy("<f8", "(2, 2, 2, 2)", ArrayBytes.F64(values)))));
        Assert.Contains("problem 1", ex.Message);
        Assert.Contains("negative", ex.Message);
    }

    [Theory]
    [InlineData("(16,)", "needs shape (N, n1, n2, ny)")]
    [InlineData("(2, 2, 2, 2, 1)", "expected at most 4 dimensions")]
    public void JointBatch_WrongRank_IsRejected(string shape, string expected)
    {
        var ex = Assert.Throws<PidInputException>(() => JointBatchReader.Read(File("r.npy", ArrayBytes.Npy("<f8", shape, ArrayBytes.F64(new double[16])))));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Covariance_KeepsDoublePrecision_AndChecksShape()
    {
        double tiny = 1 + 1e-12; // lost in float32
        double[] c = [tiny, 0.1, 0.2, 0.1, 1, 0.3, 0.2, 0.3, 1];
        var cov = CovarianceReader.Read(File("c.npy", ArrayBytes.Npy("<f8", "(3, 3)", ArrayBytes.F64(c))), 1, 1, 1);
        Assert.Equal(tiny, cov[0, 0]);
        Assert.Equal(0.3, cov[2, 1]);
        var ex = Assert.Throws<PidInputException>(() => CovarianceReader.Read(File("c2.npy", ArrayBytes.Npy("<f8", "(3, 3)", ArrayBytes.F64(c))), 2, 1, 1));
        Assert.Contains("expected a 4x4 covariance", ex.Message);
    }

    [Theory]
    [InlineData(new double[] { 1, 0.5, 0.2, 0.4, 1, 0.3, 0.2, 0.3, 1 }, "not symmetric")]
    [InlineData(new double[] { 1, 0, 0, 0, 0, 0, 0, 0, 1 }, "variance of x2 column 0")]
    [InlineData(new double[] { 1, 0, 0, 0, 1, 0, 0, 0, double.NaN }, "entry [2, 2] is NaN")]
    public void Covariance_BadMatrix_IsNamed(double[] c, string expected)
    {
        var ex = Assert.Throws<PidInputException>(() => CovarianceReader.Read(File("bad.npy", ArrayBytes.Npy("<f8", "(3, 3)", ArrayBytes.F64(c))), 1, 1, 1));
        Assert.Contains(expected, ex.Message);
    }
}

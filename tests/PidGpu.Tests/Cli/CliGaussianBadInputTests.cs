using PidGpu.Cli;

namespace PidGpu.Tests;

/// <summary>Bad input to <c>decompose --estimator gaussian</c>: exit 2, a message that says what is wrong, nothing written.</summary>
public class CliGaussianBadInputTests
{
    static readonly double[,] Cov3 = { { 2, 1, 1 }, { 1, 2, 1 }, { 1, 1, 1 } };

    /// <summary>Writes x1/x2/y (1 column each) from samples of a 3×3 covariance.</summary>
    static (string X1, string X2, string Y, float[] Data) Write(TempFolder temp, int n, int seed = 5)
    {
        var data = GaussianSamples.Draw(Cov3, n, seed);
        return (GaussianSamples.WriteNpy(temp, "x1.npy", GaussianSamples.Columns(data, 3, 0, 1), 1),
            GaussianSamples.WriteNpy(temp, "x2.npy", GaussianSamples.Columns(data, 3, 1, 1), 1),
            GaussianSamples.WriteNpy(temp, "y.npy", GaussianSamples.Columns(data, 3, 2, 1), 1), data);
    }

    static CliRun Fails(TempFolder temp, params string[] args)
    {
        var outPath = temp.File("r.json");
        var run = CliRun.Of(["decompose", .. args, "--device", "cpu", "--out", outPath]);
        Assert.True(run.ExitCode == ExitCodes.BadInput, run.ToString());
        Assert.Contains("error:", run.Stderr);
        Assert.False(File.Exists(outPath), "nothing may be written to --out on error");
        Assert.Equal("", run.Stdout);
        return run;
    }

    [Fact]
    public void MismatchedRows_NamesTheThreeCounts()
    {
        using var temp = new TempFolder();
        var (x1, x2, _, data) = Write(temp, 100);
        var y = GaussianSamples.WriteNpy(temp, "y99.npy", GaussianSamples.Columns(data, 3, 2, 1)[..99], 1);
        var run = Fails(temp, "--estimator", "gaussian", "--x1", x1, "--x2", x2, "--y", y);
        Assert.Contains("same number of rows", run.Stderr);
        Assert.Contains("100 (", run.Stderr);
        Assert.Contains("99 (", run.Stderr);
    }

    [Fact]
    public void NaN_NamesFileRowAndColumn_DropNonFiniteSkipsIt()
    {
        using var temp = new TempFolder();
        var (x1, _, y, data) = Write(temp, 500);
        var column = GaussianSamples.Columns(data, 3, 1, 1);
        column[37] = float.NaN;
        var x2 = GaussianSamples.WriteNpy(temp, "x2nan.npy", column, 1);
        var run = Fails(temp, "--estimator", "gaussian", "--x1", x1, "--x2", x2, "--y", y);
        Assert.Contains(x2, run.Stderr);
        Assert.Contains("row 37, column 0", run.Stderr);
        Assert.Contains("--drop-nonfinite", run.Stderr);

        var outPath = temp.File("ok.json");
        var ok = CliRun.Of("decompose", "--estimator", "gaussian", "--x1", x1, "--x2", x2, "--y", y, "--drop-nonfinite",
            "--device", "cpu", "--out", outPath);
        Assert.True(ok.ExitCode == ExitCodes.Success, ok.ToString());
        Assert.Contains("dropped 1 of 500 rows", ok.Stderr);
        var json = File.ReadAllText(outPath);
        Assert.Contains("\"dropped_rows\": 1", json);
        Assert.Contains("\"samples\": 499", json);
    }

    /// <summary>X1 = [noise…, the first source, 4.5 constant] with <paramref name="width"/> columns (the constant last).</summary>
    static (string WithConstant, string Without) WriteConstantColumn(TempFolder temp, float[] data, int width)
    {
        var random = new Random(9);
        var with = new float[300 * width];
        var without = new float[300 * (width - 1)];
        for (int r = 0; r < 300; r++)
        {
            for (int c = 0; c < width - 2; c++) with[r * width + c] = (float)random.NextDouble();
            with[r * width + width - 2] = data[3 * r];
            with[r * width + width - 1] = 4.5f;
            Array.Copy(with, r * width, without, r * (width - 1), width - 1);
        }
        return (GaussianSamples.WriteNpy(temp, "x1c.npy", with, width), GaussianSamples.WriteNpy(temp, "x1ok.npy", without, width - 1));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(2, "--bootstrap", "3")]
    [InlineData(2, "--gaussianize", "copula")]
    [InlineData(2, "--ridge", "1e-6")]
    [InlineData(10)] // more columns than --pca 8: PCA standardises the columns first
    public void ConstantColumn_NamesVariableAndColumn_RemedyIsToDropIt(int width, params string[] extra)
    {
        using var temp = new TempFolder();
        var (_, x2, y, data) = Write(temp, 300);
        var (x1, x1Ok) = WriteConstantColumn(temp, data, width);
        var run = Fails(temp, ["--estimator", "gaussian", "--x1", x1, "--x2", x2, "--y", y, .. extra]);
        Assert.Contains($"X1 column {width - 1} (counted from 0) of {x1} is constant", run.Stderr);
        Assert.Contains("Drop that column", run.Stderr);
        Assert.DoesNotContain("ridge", run.Stderr);

        var ok = CliRun.Of(["decompose", "--estimator", "gaussian", "--x1", x1Ok, "--x2", x2, "--y", y, "--device", "cpu", .. extra]);
        Assert.True(ok.ExitCode == ExitCodes.Success, ok.ToString());
    }

    [Fact]
    public void ConstantColumn_DiscreteMatrixRoute_NamesVariableAndColumn()
    {
        using var temp = new TempFolder();
        var (_, x2, y, data) = Write(temp, 300);
        var (x1, _) = WriteConstantColumn(temp, data, 10);
        var run = Fails(temp, "--x1", x1, "--x2", x2, "--y", y, "--bins", "3");
        Assert.Contains($"X1 column 9 (counted from 0) of {x1} is constant", run.Stderr);
    }

    [Fact]
    public void DuplicatedColumn_SingularBlockSuggestsRidge_RidgeFixesIt()
    {
        using var temp = new TempFolder();
        var (_, x2, y, data) = Write(temp, 300);
        var x1Data = new float[300 * 2];
        for (int r = 0; r < 300; r++) x1Data[2 * r] = x1Data[2 * r + 1] = data[3 * r];
        var x1 = GaussianSamples.WriteNpy(temp, "x1d.npy", x1Data, 2);
        var run = Fails(temp, "--estimator", "gaussian", "--x1", x1, "--x2", x2, "--y", y);
        Assert.Contains("X1 block", run.Stderr);
        Assert.Contains("singular", run.Stderr);
        Assert.Contains("--ridge 1e-6", run.Stderr);
        Assert.DoesNotContain("GaussianOptions", run.Stderr);

        var ok = CliRun.Of("decompose", "--estimator", "gaussian", "--x1", x1, "--x2", x2, "--y", y, "--ridge", "1e-6", "--device", "cpu");
        Assert.True(ok.ExitCode == ExitCodes.Success, ok.ToString());
    }

    [Fact]
    public void TooFewSamples_Error()
    {
        using var temp = new TempFolder();
        var (x1, x2, y, _) = Write(temp, 3);
        var run = Fails(temp, "--estimator", "gaussian", "--x1", x1, "--x2", x2, "--y", y);
        Assert.Contains("too few samples", run.Stderr);
    }

    [Theory]
    [InlineData("--bins", "4")]
    [InlineData("--binning", "uniform")]
    [InlineData("--counts", "c.csv")]
    [InlineData("--joint", "j.json")]
    public void DiscreteOnlyOption_Rejected(string flag, string value)
    {
        using var temp = new TempFolder();
        var (x1, x2, y, _) = Write(temp, 50);
        var run = Fails(temp, "--estimator", "gaussian", "--x1", x1, "--x2", x2, "--y", y, flag, value);
        Assert.Contains($"{flag} does not apply to --estimator gaussian", run.Stderr);
    }

    [Theory]
    [InlineData("imin")]
    [InlineData("broja")]
    [InlineData("mmi,imin")]
    public void DiscreteMeasure_WithGaussian_Rejected(string measure)
    {
        using var temp = new TempFolder();
        var (x1, x2, y, _) = Write(temp, 50);
        var run = Fails(temp, "--estimator", "gaussian", "--x1", x1, "--x2", x2, "--y", y, "--measure", measure);
        Assert.Contains("discrete-only", run.Stderr);
    }

    [Fact]
    public void Gpid_WithDiscrete_Rejected()
    {
        using var temp = new TempFolder();
        var joint = temp.Write("j.json", "{\"p\": [[[1, 0], [0, 1]], [[0, 1], [1, 0]]]}");
        var run = Fails(temp, "--joint", joint, "--measure", "gpid");
        Assert.Contains("--estimator gaussian", run.Stderr);
    }

    [Theory]
    [InlineData("--ridge", "1e-6")]
    [InlineData("--drop-nonfinite", null)]
    public void GaussianOnlyOption_WithDiscrete_Rejected(string flag, string? value)
    {
        using var temp = new TempFolder();
        var joint = temp.Write("j.json", "{\"p\": [[[1, 0], [0, 1]], [[0, 1], [1, 0]]]}");
        var run = Fails(temp, ["--joint", joint, flag, .. value is null ? Array.Empty<string>() : [value]]);
        Assert.Contains($"{flag} applies only to --estimator gaussian", run.Stderr);
    }

    [Fact]
    public void UnknownEstimator_Rejected()
    {
        using var temp = new TempFolder();
        var run = Fails(temp, "--estimator", "kde", "--x1", "a.npy", "--x2", "b.npy", "--y", "c.npy");
        Assert.Contains("discrete, gaussian", run.Stderr);
    }

    [Fact]
    public void MissingMatrix_Rejected()
    {
        using var temp = new TempFolder();
        var (x1, x2, _, _) = Write(temp, 50);
        var run = Fails(temp, "--estimator", "gaussian", "--x1", x1, "--x2", x2);
        Assert.Contains("missing --y", run.Stderr);
    }

    [Fact]
    public void Help_MentionsGaussianOptions()
    {
        var run = CliRun.Of("decompose", "--help");
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        foreach (var word in new[] { "--estimator", "gaussian", "gpid", "--ridge", "--drop-nonfinite" })
            Assert.Contains(word, run.Stdout);
    }
}

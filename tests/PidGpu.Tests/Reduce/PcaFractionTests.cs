using System.Text.Json;
using PidGpu.Cli;
using PidGpu.Formats.Arrays;
using PidGpu.Pipeline;
using PidGpu.Tests.Support;
using PidGpu.Reduce;

namespace PidGpu.Tests;

/// <summary><c>--pca</c> as a component count or a variance fraction (<see cref="PcaSize"/>), through the reducer and the CLI.</summary>
[Collection(EngineDeviceCollection.Name)]
public class PcaFractionTests(EngineDeviceFixture fixture)
{
    [Theory]
    [InlineData("8", 8, 0.0)]
    [InlineData("0", 0, 0.0)]
    [InlineData(" 12 ", 12, 0.0)]
    [InlineData("0.95", 0, 0.95)]
    [InlineData(".5", 0, 0.5)]
    [InlineData("9.5e-1", 0, 0.95)]
    public void Parse_ReadsACountOrAFraction(string text, int components, double fraction)
    {
        var size = PcaSize.Parse(text, "--pca");
        Assert.Equal(components, size.Components);
        Assert.Equal(fraction, size.VarianceFraction);
        Assert.Equal(size, PcaSize.Parse(size.ToString(), "--pca"));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("0.0")]
    [InlineData("-0.5")]
    [InlineData("1.0")]
    [InlineData("1.5")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("eight")]
    [InlineData("")]
    public void Parse_RejectsWhatIsNeitherACountNorAFraction(string text)
    {
        var error = Assert.Throws<PidInputException>(() => PcaSize.Parse(text, "--pca"));
        Assert.Contains("--pca", error.Message);
    }

    [Fact]
    public void Defaults_KeepTheSceneModelsEightComponents_AndThePapersShareForRealModels()
    {
        Assert.Equal(8, new Models.Analysis.LayerwiseOptions().Pca.Components);
        Assert.Equal(8, new PidFlowSettings().PcaComponents.Components);
        Assert.Equal(0.95, PcaSize.Paper.VarianceFraction);
        Assert.Equal("8", new Models.Analysis.LayerwiseOptions().Pca.ToString()); // the demo's recorded setting
    }

    /// <summary>The kept k is the fewest leading eigenvalues of MathNet's dense EVD of the correlation matrix that reach the share.</summary>
    [Theory]
    [InlineData(0.95, 1)]
    [InlineData(0.8, 2)]
    [InlineData(0.5, 3)]
    public void Reducer_UnderAFraction_KeepsTheFewestComponentsReachingIt(double share, int seed)
    {
        const int rows = 3000, d = 40;
        var data = FactorData.Generate(seed, rows, d, rank: 6, noise: 0.4, decay: 0.8);
        var (values, _) = ReducePcaBackendTests.Reference(data, d);
        double trace = values.Sum();
        int expected = 0;
        for (double sum = 0; sum < share * trace; expected++) sum += values[expected];
        // The design keeps the threshold clear of any partial sum, so rounding cannot move k.
        Assert.True(Math.Abs(values.Take(expected).Sum() / trace - share) > 1e-6 &&
            Math.Abs(values.Take(expected - 1).Sum() / trace - share) > 1e-6);

        var reduced = VariableReducer.Reduce(fixture.Device, "X", new InMemoryMatrix(data, d, "factors"), PcaSize.Fraction(share));
        Assert.Equal(expected, reduced.Columns);
        Assert.Equal(expected, reduced.Pca!.K);
        Assert.Equal(values.Take(expected).Sum() / trace, reduced.Pca.ExplainedVarianceRatio, 8);
        Assert.True(reduced.Pca.ExplainedVarianceRatio >= share);
    }

    [Fact]
    public void Reducer_UnderAFraction_KeepsASingleColumnWhole()
    {
        var column = Enumerable.Range(0, 50).Select(i => (float)Math.Sin(i)).ToArray();
        var reduced = VariableReducer.Reduce(fixture.Device, "Y", new InMemoryMatrix(column, 1, "y"), PcaSize.Paper);
        Assert.Null(reduced.Pca);
        Assert.Equal(1, reduced.Columns);
    }

    [Fact]
    public void DecomposeGaussian_WithAFraction_RecordsTheShareAndTheKeptComponents()
    {
        using var temp = new TempFolder();
        var (x1, x2, y) = WriteFactorSystem(temp);
        var outPath = temp.File("r.json");
        var run = CliRun.Of("decompose", "--estimator", "gaussian", "--x1", x1, "--x2", x2, "--y", y, "--pca", "0.9", "--device", "cpu", "--out", outPath);
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        using var doc = JsonDocument.Parse(File.ReadAllText(outPath));
        Assert.Equal(0.9, doc.RootElement.GetProperty("settings").GetProperty("pca").GetDouble());
        var x1Reduction = doc.RootElement.GetProperty("reduction")[0];
        Assert.True(x1Reduction.GetProperty("explained_variance").GetDouble() >= 0.9);
        Assert.InRange(x1Reduction.GetProperty("columns").GetInt32(), 1, 19);
    }

    [Theory]
    [InlineData("0.0")]
    [InlineData("-0.5")]
    [InlineData("1.5")]
    [InlineData("NaN")]
    public void BadFractions_AreExitTwoOnEveryRoute(string value)
    {
        using var temp = new TempFolder();
        var (x1, x2, y) = WriteFactorSystem(temp);
        foreach (string[] estimator in new[] { new[] { "--estimator", "gaussian" }, ["--estimator", "discrete", "--bins", "4"] })
        {
            var run = CliRun.Of(["decompose", .. estimator, "--x1", x1, "--x2", x2, "--y", y, "--pca", value, "--device", "cpu"]);
            Assert.True(run.ExitCode == ExitCodes.BadInput, run.ToString());
            Assert.Contains("--pca", run.Stderr);
        }
        var analyze = CliRun.Of("analyze", "--model", temp.File("no-model"), "--pca", value, "--out", temp.File("run"));
        Assert.True(analyze.ExitCode == ExitCodes.BadInput, analyze.ToString());
        Assert.Contains("--pca", analyze.Stderr);
    }

    [Fact]
    public void Analyze_RejectsZeroComponents_AndAcceptsAFraction()
    {
        using var temp = new TempFolder();
        var zero = CliRun.Of("analyze", "--model", temp.File("no-model"), "--pca", "0", "--out", temp.File("run"));
        Assert.Equal(ExitCodes.BadInput, zero.ExitCode);
        Assert.Contains("--pca must be >= 1", zero.Stderr);
        // A fraction passes the option checks and the run stops at the missing model instead.
        var fraction = CliRun.Of("analyze", "--model", temp.File("no-model"), "--pca", "0.95", "--out", temp.File("run"));
        Assert.Equal(ExitCodes.BadInput, fraction.ExitCode);
        Assert.Contains("no such directory", fraction.Stderr);
    }

    /// <summary>X1: 20 columns of three factors and noise; X2 one independent column; Y depends on X1's first factor.</summary>
    static (string X1, string X2, string Y) WriteFactorSystem(TempFolder temp)
    {
        const int rows = 2000, d = 20;
        var x1 = FactorData.Generate(11, rows, d, rank: 3, noise: 0.3, offsetSpread: 0);
        var rng = new Random(12);
        var x2 = Enumerable.Range(0, rows).Select(_ => (float)FactorData.Gaussian(rng)).ToArray();
        var y = Enumerable.Range(0, rows).Select(r => x1[r * d] + (float)FactorData.Gaussian(rng)).ToArray();
        return (GaussianSamples.WriteNpy(temp, "x1.npy", x1, d), GaussianSamples.WriteNpy(temp, "x2.npy", x2, 1), GaussianSamples.WriteNpy(temp, "y.npy", y, 1));
    }
}

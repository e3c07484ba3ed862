using PidGpu.Report;
using PidGpu.Cli;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>An --out that is an input is refused before anything runs (exit 2), and the input is left as it was.</summary>
public class CliOutputCheckTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)] // the PID Flow route (bootstrap)
    public void GaussianOut_EqualToAnInput_IsRefused(bool bootstrap)
    {
        using var temp = new TempFolder();
        var data = GaussianSamples.Draw(new double[,] { { 2, 1, 1 }, { 1, 2, 1 }, { 1, 1, 1 } }, 200, seed: 3);
        var x1 = GaussianSamples.WriteNpy(temp, "x1.npy", GaussianSamples.Columns(data, 3, 0, 1), 1);
        var x2 = GaussianSamples.WriteNpy(temp, "x2.npy", GaussianSamples.Columns(data, 3, 1, 1), 1);
        var y = GaussianSamples.WriteNpy(temp, "y.npy", GaussianSamples.Columns(data, 3, 2, 1), 1);
        var before = File.ReadAllBytes(y);
        string[] extra = bootstrap ? ["--bootstrap", "5"] : [];
        var run = CliRun.Of(["decompose", "--estimator", "gaussian", "--x1", x1, "--x2", x2, "--y", y, "--device", "cpu", "--out", y, .. extra]);
        Assert.True(run.ExitCode == ExitCodes.BadInput, run.ToString());
        Assert.Contains($"--out '{y}' is the input '{y}'", run.Stderr);
        Assert.Equal(before, File.ReadAllBytes(y));
    }

    [Fact]
    public void CompareOut_EqualToARunsResults_IsRefused()
    {
        using var temp = new TempFolder();
        string a = temp.File("a"), b = temp.File("b");
        SyntheticRun.Build("model-a").Save(a);
        SyntheticRun.Build("model-b").Save(b);
        string results = Path.Combine(a, RunResults.ResultsFileName);
        var before = File.ReadAllBytes(results);
        var run = CliRun.Of("compare", a, b, "--out", results);
        Assert.True(run.ExitCode == ExitCodes.BadInput, run.ToString());
        Assert.Contains("is the input", run.Stderr);
        Assert.Equal(before, File.ReadAllBytes(results));
    }
}

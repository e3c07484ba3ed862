using PidGpu.Cli;

namespace PidGpu.Tests;

/// <summary>Usage-level behaviour of the command line that needs no input files.</summary>
public class CliTests
{
    [Fact]
    public void Help_ListsOptionsAndExitCodes_Exit0()
    {
        var run = CliRun.Of("decompose", "--help");
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        foreach (var word in new[] { "--joint", "--counts", "--x1", "--y", "--bins", "--binning", "--measure", "--out", "--device", "--target-gap", "Exit codes" })
            Assert.Contains(word, run.Stdout);
    }

    [Fact]
    public void HelpVerb_ShowsDecomposeOptions()
    {
        var run = CliRun.Of("help", "decompose");
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("--target-gap", run.Stdout);
    }

    [Fact]
    public void NoArguments_Exit2WithError()
    {
        var run = CliRun.Of();
        Assert.True(run.ExitCode == ExitCodes.BadInput, run.ToString());
        Assert.Contains("error:", run.Stderr);
        Assert.Contains("decompose", run.Stderr);
    }

    [Fact]
    public void UnknownVerb_Exit2()
    {
        var run = CliRun.Of("frobnicate");
        Assert.True(run.ExitCode == ExitCodes.BadInput, run.ToString());
        Assert.Contains("frobnicate", run.Stderr);
    }

    [Fact]
    public void UnknownOption_Exit2()
    {
        var run = CliRun.Of("decompose", "--joint", "x.json", "--frob");
        Assert.True(run.ExitCode == ExitCodes.BadInput, run.ToString());
        Assert.Contains("frob", run.Stderr);
    }

    [Fact]
    public void NoInput_Exit2NamesTheChoices()
    {
        var run = CliRun.Of("decompose", "--device", "cpu");
        Assert.True(run.ExitCode == ExitCodes.BadInput, run.ToString());
        Assert.Contains("error: no input", run.Stderr);
        Assert.Contains("--joint", run.Stderr);
    }

    [Fact]
    public void NonNumericBins_Exit2()
    {
        var run = CliRun.Of("decompose", "--x1", "a", "--x2", "b", "--y", "c", "--bins", "many", "--binning", "uniform");
        Assert.True(run.ExitCode == ExitCodes.BadInput, run.ToString());
        Assert.Contains("bins", run.Stderr);
    }
}

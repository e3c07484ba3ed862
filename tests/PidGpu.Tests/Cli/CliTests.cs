using System.Globalization;
using PidGpu.Cli;

namespace PidGpu.Tests;

/// <summary>A fresh temporary folder per test, removed afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("pidgpu-tests-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, string text)
    {
        var path = File(name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Writes float values one per line with a header, in the invariant round-trip format.</summary>
    public string WriteColumn(string name, IEnumerable<float> values)
        => Write(name, "value\n" + string.Join("\n", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "\n");

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { /* leave it to the OS temp cleaner */ }
    }
}

/// <summary>One in-process run of the pidgpu command, with its captured output.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public static CliRun Of(params string[] args)
    {
        var stdout = new StringWriter(CultureInfo.InvariantCulture);
        var stderr = new StringWriter(CultureInfo.InvariantCulture);
        int code = CliApp.Run(args, stdout, stderr);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>For assertion messages: everything the run printed.</summary>
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

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

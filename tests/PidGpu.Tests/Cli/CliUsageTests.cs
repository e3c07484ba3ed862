using System.Globalization;
using PidGpu.Report;
using PidGpu.Cli;
using PidGpu.Formats;
using PidGpu.Estimate;
using PidGpu.Pipeline;
using PidGpu.Tests.Support;
using PidGpu.Uncertainty;

namespace PidGpu.Tests;

/// <summary>Usage faults: missing and extra positional arguments, -h, a file given as a run folder, negative zero.</summary>
public class CliUsageTests
{
    [Theory]
    [InlineData(new[] { "compare" }, "compare needs RUN_A RUN_B; missing RUN_A (First run folder (results.json)) and RUN_B", "Usage: pidgpu compare")]
    [InlineData(new[] { "compare", "runA" }, "compare needs RUN_A RUN_B; missing RUN_B (Second run folder (results.json)).", "Usage: pidgpu compare")]
    [InlineData(new[] { "compare", "--out", "c.json", "runA" }, "missing RUN_B (", "Usage: pidgpu compare")]
    [InlineData(new[] { "report" }, "report needs RUN_DIR; missing RUN_DIR (Run folder holding results.json).", "Usage: pidgpu report")]
    [InlineData(new[] { "report", "--layer", "3" }, "missing RUN_DIR (", "Usage: pidgpu report")]
    public void MissingPositional_IsNamed_WithTheUsage(string[] args, string message, string usage)
    {
        var run = CliRun.Of(args);
        Assert.True(run.ExitCode == ExitCodes.BadInput, run.ToString());
        Assert.StartsWith("error: ", run.Stderr);
        Assert.Contains(message, run.Stderr);
        Assert.Contains(usage, run.Stderr);
        Assert.DoesNotContain("A required value", run.Stderr);
    }

    [Theory]
    [InlineData(new[] { "decompose", "--joint", "x.json", "extra" }, "unexpected argument 'extra': decompose takes options (--name VALUE) only.")]
    [InlineData(new[] { "report", "runA", "runB" }, "unexpected argument 'runB': report takes RUN_DIR and options (--name VALUE) only.")]
    [InlineData(new[] { "compare", "a", "b", "c", "d" }, "unexpected arguments 'c' 'd': compare takes RUN_A RUN_B and options")]
    [InlineData(new[] { "analyze", "--model", "m", "--out", "o", "extra" }, "unexpected argument 'extra': analyze takes options")]
    [InlineData(new[] { "knockout", "--model", "m", "--out", "o", "--layers", "0-1", "extra" }, "unexpected argument 'extra': knockout takes options")]
    [InlineData(new[] { "demo", "extra" }, "unexpected argument 'extra': demo takes options")]
    [InlineData(new[] { "train-tiny", "--out", "d", "extra" }, "unexpected argument 'extra': train-tiny takes options")]
    public void ExtraPositional_IsRejected(string[] args, string message)
    {
        var run = CliRun.Of(args);
        Assert.True(run.ExitCode == ExitCodes.BadInput, run.ToString());
        Assert.StartsWith("error: " + message, run.Stderr);
        Assert.Contains("Display this help screen.", run.Stderr); // then the verb's options, as --help lists them
    }

    [Theory]
    [InlineData("decompose")]
    [InlineData("report")]
    [InlineData("compare")]
    [InlineData("analyze")]
    public void ShortH_IsHelp(string verb)
    {
        var help = CliRun.Of(verb, "--help");
        var h = CliRun.Of(verb, "-h");
        Assert.True(h.ExitCode == ExitCodes.Success, h.ToString());
        Assert.Equal(help.Stdout, h.Stdout);
        Assert.Contains("Exit codes", h.Stdout);
    }

    [Fact]
    public void ShortH_AloneListsTheVerbs()
    {
        var h = CliRun.Of("-h");
        Assert.True(h.ExitCode == ExitCodes.Success, h.ToString());
        Assert.Equal(CliRun.Of("--help").Stdout, h.Stdout);
    }

    [Fact]
    public void ReportOrCompare_GivenAFile_SayItIsAFile()
    {
        using var temp = new TempFolder();
        SyntheticRun.Build().Save(temp.File("run"));
        string results = Path.Combine(temp.File("run"), RunResults.ResultsFileName);
        var report = CliRun.Of("report", results, "--no-plots");
        Assert.True(report.ExitCode == ExitCodes.BadInput, report.ToString());
        Assert.Contains($"RUN_DIR '{results}' is a file, not a run folder; give the folder that holds results.json ('{temp.File("run")}').", report.Stderr);
        Assert.DoesNotContain("does not exist", report.Stderr);

        var compare = CliRun.Of("compare", temp.File("run"), temp.Write("notes.txt", "x"));
        Assert.True(compare.ExitCode == ExitCodes.BadInput, compare.ToString());
        Assert.Contains($"RUN_B '{temp.File("notes.txt")}' is a file, not a run folder", compare.Stderr);
    }

    [Fact]
    public void UnexpectedFailure_Exit1_NamesTheException()
    {
        using var temp = new TempFolder();
        var joint = temp.Write("xor.json", """{"p": [[[1, 0], [0, 1]], [[0, 1], [1, 0]]]}""");
        var stderr = new StringWriter(CultureInfo.InvariantCulture);
        int code = CliApp.Run(["decompose", "--joint", joint, "--measure", "mmi", "--device", "cpu"], new BrokenWriter(), stderr);
        Assert.Equal(ExitCodes.InternalError, code);
        Assert.Contains("internal error: IOException: stdout is gone", stderr.ToString());
    }

    /// <summary>A stdout that fails, as a closed pipe would: not bad input, so exit 1.</summary>
    sealed class BrokenWriter : StringWriter
    {
        public BrokenWriter() : base(CultureInfo.InvariantCulture) { }
        public override void WriteLine(string? value) => throw new IOException("stdout is gone");
    }

    [Fact]
    public void Intervals_NeverPrintNegativeZero()
    {
        static AtomInterval Near0() => new(0, -1e-12, 2e-7, 0, 1e-9);
        var bootstrap = new BootstrapSummary(10, 1, 0.025, 0.975, Near0(), Near0(), Near0(), Near0(), Near0());
        var w = new StringWriter(CultureInfo.InvariantCulture);
        UncertaintyTable.Write(w, "mmi", new GaussianEstimate(new PidAtoms(0, 0, 0, 0, 0), bootstrap, null));
        string text = w.ToString();
        Assert.Contains("R [0.000000, 0.000000]", text);
        Assert.DoesNotContain("-0.000000", text);
        Assert.Equal("0.000000", BitsText.Format(-1e-17));
        Assert.Equal("-0.000001", BitsText.Format(-1e-6));
    }
}

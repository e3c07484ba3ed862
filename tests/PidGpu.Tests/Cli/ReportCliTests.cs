using System.Text.Json;
using PidGpu.Report;
using PidGpu.Cli;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

public class ReportCliTests
{
    static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliApp.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void Report_RendersTableSummaryAndPlotsFromSavedResults()
    {
        var dir = SyntheticRun.TempDir();
        SyntheticRun.Build().Save(dir);
        var (code, stdout, stderr) = Run("report", dir);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("U1 peak layer", stdout);
        // ChooseAttr's U1 peaks at layer 1 by construction; the knockout table has Dep.
        Assert.Matches(@"ChooseAttr\s+intact\s+33\s+1\s", stdout);
        Assert.Contains("Dep", stdout);
        Assert.Contains("plots: 34 files", stderr);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, RunSummary.FileName)));
        Assert.Equal(6, json.RootElement.GetProperty("series").GetArrayLength());
        Assert.Equal(17, Directory.GetFiles(Path.Combine(dir, "plots"), "*.png").Length);
    }

    [Fact]
    public void Report_NoPlots_AndLayerOption()
    {
        var dir = SyntheticRun.TempDir();
        SyntheticRun.Build().Save(dir);
        var (code, stdout, _) = Run("report", dir, "--no-plots", "--layer", "3");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Matches(@"knockout:0-31\s+3\s", stdout);
        Assert.False(Directory.Exists(Path.Combine(dir, "plots")));
    }

    [Fact]
    public void Report_BadRunDir_IsBadInputNamingIt()
    {
        var dir = SyntheticRun.TempDir();
        var (code, _, stderr) = Run("report", dir);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(Path.Combine(dir, "results.json"), stderr);

        File.WriteAllText(Path.Combine(dir, "results.json"), "{\"format\": \"pidgpu-run/1\", \"units\": ");
        (code, _, stderr) = Run("report", dir);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("truncated or corrupt", stderr);
        Assert.False(File.Exists(Path.Combine(dir, RunSummary.FileName)));
    }

    [Fact]
    public void Report_MarksPartialRuns()
    {
        var dir = SyntheticRun.TempDir();
        var run = SyntheticRun.Build(knockout: false);
        (run with { Settings = run.Settings with { Partial = true } }).Save(dir);
        var (code, _, stderr) = Run("report", dir, "--no-plots");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("partial", stderr);
    }

    [Fact]
    public void Compare_PrintsPerAtomRAndMean_AndWritesJson()
    {
        var a = SyntheticRun.TempDir();
        var b = SyntheticRun.TempDir();
        SyntheticRun.Build(model: "llava-1.5-7b").Save(a);
        SyntheticRun.Build(model: "llava-1.6-7b", scale: 3).Save(b);
        var outFile = Path.Combine(SyntheticRun.TempDir(), "cmp.json");

        var (code, stdout, _) = Run("compare", a, b, "--out", outFile);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("r(U1)", stdout);
        Assert.Matches(@"mean\s+1\.000\s+1\.000\s+1\.000\s+1\.000\s+1\.000\s+1\.000", stdout);
        using var json = JsonDocument.Parse(File.ReadAllText(outFile));
        Assert.Equal(6, json.RootElement.GetProperty("pairs").GetArrayLength());
    }

    [Fact]
    public void Compare_NoOverlap_IsBadInput()
    {
        var a = SyntheticRun.TempDir();
        var b = SyntheticRun.TempDir();
        SyntheticRun.Build(model: "m").Save(a);
        var other = SyntheticRun.Build(model: "m");
        (other with { Records = other.Records.Select(r => r with { Task = "Elsewhere" + r.Task }).ToList() }).Save(b);
        var (code, _, stderr) = Run("compare", a, b);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("in common", stderr);
    }

    [Theory]
    [InlineData("report", "RUN_DIR")]
    [InlineData("compare", "RUN_B")]
    public void Help_ShowsUsageOfTheVerb(string verb, string expected)
    {
        var (code, stdout, _) = Run(verb, "--help");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains(expected, stdout);
        Assert.Contains("Exit codes", stdout);
    }

    [Fact]
    public void Compare_MissingArgument_IsUsageError()
    {
        var (code, _, stderr) = Run("compare", "only-one");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("RUN_B", stderr);
    }
}

using System.Globalization;
using System.Text;
using PidGpu.Report;
using PidGpu.Cli;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// Ctrl-C during <c>pidgpu analyze</c> on the scene tasks (the question path; simulated by cancelling the token the process handler would cancel, when a chosen line
/// reaches stderr): finished layers are written and marked partial, exit code 130; nothing finished means nothing written.
/// </summary>
public class CliInterruptTests
{
    static string ModelDirectory => Path.Combine(SharedCanonical.RepoRoot(), "models", "tiny-vlm");

    [Fact]
    public void InterruptAfterTheIntactLayers_WritesThemMarkedPartial()
    {
        using var temp = new TempFolder();
        var runDir = temp.File("run");
        // The forward passes of both conditions come first; the trigger is the second task's intact estimation starting.
        var (code, stderr) = Interrupted("LanguageControl intact:", "analyze", "--model", ModelDirectory, "--tasks", "Attribute,LanguageControl",
            "--samples", "100", "--knockout", "0-3", "--device", "cpu", "--out", runDir);
        Assert.True(code == ExitCodes.Interrupted, stderr);
        Assert.Contains("PARTIAL", stderr);
        var results = RunResults.Load(runDir);
        Assert.True(results.Settings.Partial);
        // Attribute's intact layers 0..4 finished; its knockout condition and LanguageControl never started.
        Assert.Equal([0, 1, 2, 3, 4], results.Records.Select(r => r.Layer).Order().ToArray());
        Assert.All(results.Records, r => Assert.Equal(("Attribute", Conditions.Intact), (r.Task, r.Condition)));
        Assert.Contains("\"partial\": true", File.ReadAllText(Path.Combine(runDir, RunResults.ResultsFileName)));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(runDir, "plots"), "*.png"));
    }

    [Fact]
    public void InterruptBeforeAnyLayer_WritesNothing()
    {
        using var temp = new TempFolder();
        var runDir = temp.File("run");
        var (code, stderr) = Interrupted("Attribute: accuracy", "analyze", "--model", ModelDirectory, "--tasks", "Attribute",
            "--samples", "100", "--device", "cpu", "--out", runDir);
        Assert.True(code == ExitCodes.Interrupted, stderr);
        Assert.Contains("nothing written", stderr);
        Assert.False(File.Exists(Path.Combine(runDir, RunResults.ResultsFileName)));
    }

    [Fact]
    public void FinishedRun_ReportsTimePerStage_AndIsNotPartial()
    {
        using var temp = new TempFolder();
        var runDir = temp.File("run");
        var (code, stderr) = Interrupted("never printed", "analyze", "--model", ModelDirectory, "--tasks", "Attribute",
            "--samples", "100", "--device", "cpu", "--out", runDir);
        Assert.True(code == ExitCodes.Success, stderr);
        var settings = RunResults.Load(runDir).Settings;
        Assert.False(settings.Partial);
        Assert.Equal(["forward", "capture", "reduce", "gaussianize", "estimate"], settings.StageSeconds.Keys.ToArray());
        // The question path pools and writes the states inside "forward"; "capture" is reading each layer back (here 100 rows of
        // 96 floats, under the 1 ms the file rounds to).
        Assert.All(settings.StageSeconds.Where(kv => kv.Key != "capture"), kv => Assert.True(kv.Value > 0, $"{kv.Key} seconds {kv.Value}"));
        Assert.Contains("time per stage: forward", stderr);
        Assert.Contains("progress 100%: forward 100/100 samples", stderr);
    }

    internal static (int Code, string Stderr) Interrupted(string trigger, params string[] args)
    {
        using var interrupt = new CancellationTokenSource();
        var stderr = new TriggerWriter(trigger, interrupt);
        int code = CliApp.Run(args, new StringWriter(CultureInfo.InvariantCulture), stderr, interrupt.Token);
        return (code, stderr.ToString());
    }

    /// <summary>Cancels when a written line contains the trigger, as a Ctrl-C at that moment would.</summary>
    sealed class TriggerWriter(string trigger, CancellationTokenSource interrupt) : StringWriter(CultureInfo.InvariantCulture)
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value is not null && value.Contains(trigger, StringComparison.Ordinal)) interrupt.Cancel();
        }
    }
}

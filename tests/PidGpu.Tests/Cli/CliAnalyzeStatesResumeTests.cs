using System.Globalization;
using System.Text.Json.Nodes;
using PidGpu.Report;
using PidGpu.Cli;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// <c>pidgpu analyze --states --resume</c>: a run interrupted after its first task (Ctrl-C, in-process) keeps a checkpoint of
/// the finished layers; resumed, it gives the layers.csv of an uninterrupted run byte for byte, and its results.json but for
/// the stage times.
/// </summary>
public sealed class CliAnalyzeStatesResumeTests : IDisposable
{
    readonly TempFolder temp = new();
    public void Dispose() => temp.Dispose();

    [Fact]
    public void InterruptedAfterOneTask_ThenResumed_MatchesAnUninterruptedRun()
    {
        string states = temp.File("states"), whole = temp.File("whole"), resumed = temp.File("resumed");
        CliAnalyzeStatesTests.Synthetic(3, states).Dispose();
        string[] Args(string runDir) => ["analyze", "--states", states, "--bootstrap", "20", "--device", "cpu", "--out", runDir];
        var first = CliRun.Of(Args(whole));
        Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());

        // The second task's first message comes after the first task's three layers: Ctrl-C there.
        using var interrupt = new CancellationTokenSource();
        var stderr = new CancellingWriter("QueryAttr intact", interrupt);
        int code = CliApp.Run(Args(resumed), new StringWriter(CultureInfo.InvariantCulture), stderr, interrupt.Token);
        Assert.True(code == ExitCodes.Interrupted, $"exit {code}\n{stderr}");
        var checkpoint = JsonNode.Parse(File.ReadAllText(Path.Combine(resumed, "checkpoint.json")))!;
        Assert.Equal(3, checkpoint["records"]!.AsArray().Count);

        var rest = CliRun.Of([.. Args(resumed), "--resume"]);
        Assert.True(rest.ExitCode == ExitCodes.Success, rest.ToString());
        Assert.Contains("resume: 3 finished layer records", rest.Stderr);
        Assert.Equal(File.ReadAllBytes(Path.Combine(whole, RunResults.LayersFileName)), File.ReadAllBytes(Path.Combine(resumed, RunResults.LayersFileName)));
        Assert.Equal(RunFolderText.ResultsWithoutStageTimes(whole), RunFolderText.ResultsWithoutStageTimes(resumed));
        Assert.False(File.Exists(Path.Combine(resumed, "checkpoint.json")), "a finished run leaves no checkpoint");
    }
}

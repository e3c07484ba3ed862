using PidGpu.Analysis;
using PidGpu.Cli;
using PidGpu.Models.Capture;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// <c>pidgpu analyze --model DIR --data QUESTIONS</c> on a tiny random LLaVA-1.5 checkpoint (real vocabulary) and a GQA-format
/// file: the same records as <c>capture</c> followed by <c>analyze --states</c> on the same samples.
/// </summary>
public sealed class CliAnalyzeQuestionsTests : IDisposable
{
    readonly TempFolder temp = new();

    public CliAnalyzeQuestionsTests() => PidGpu.Models.TorchRuntime.EnsureLoaded();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void InOneGo_EqualsCaptureThenAnalyzeStates()
    {
        string model = temp.File("model");
        TinyHfLlava.Write(model, 9);
        string[] colours = ["red", "blue", "green", "white"];
        var questions = Enumerable.Range(0, 64).Select(i => new TinyHfLlava.Question(
            $"{300 + i}", $"img{i % 3 + 1}", $"Is the thing number {i} {colours[i % 4]} or {colours[(i + 1) % 4]}?", colours[(i + i / 4) % 4], "chooseAttr")).ToList();
        questions.Add(new("400", "img2", "Is the cup red or blue?", "blue", "verifyAttr")); // no task
        var (data, images) = TinyHfLlava.WriteGqa(temp.Path, questions, CliInspectTests.Images);

        var once = CliRun.Of("analyze", "--model", model, "--data", data, "--images", images, "--answers", "all", "--device", "cpu", "--out", temp.File("once"));
        Assert.True(once.ExitCode == ExitCodes.Success, once.ToString());
        Assert.False(Directory.Exists(Path.Combine(temp.File("once"), AnalyzeStatesCommand.CaptureFolder)), "the run's own capture is removed");
        var capture = CliRun.Of("capture", "--model", model, "--data", data, "--images", images, "--answers", "all", "--out", temp.File("states"));
        Assert.True(capture.ExitCode == ExitCodes.Success, capture.ToString());
        Assert.Equal([CapturedStates.SamplesFile, CapturedStates.StatesFile],
            Directory.EnumerateFileSystemEntries(temp.File("states")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var twice = CliRun.Of("analyze", "--states", temp.File("states"), "--device", "cpu", "--out", temp.File("twice"));
        Assert.True(twice.ExitCode == ExitCodes.Success, twice.ToString());

        var a = RunResults.Load(temp.File("once"));
        var b = RunResults.Load(temp.File("twice"));
        Assert.Equal(TinyHfLlava.Layers + 1, a.Records.Count);
        Assert.All(a.Records, r => Assert.Equal(("ChooseAttr", 64, "model"), (r.Task, r.Samples, r.Model)));
        Assert.Equal(a.Records.Count, b.Records.Count);
        foreach (var (x, y) in a.Records.Zip(b.Records))
        {
            Assert.Equal(x.Layer, y.Layer);
            foreach (var atom in new[] { Atom.R, Atom.U1, Atom.U2, Atom.S, Atom.I })
                Assert.Equal(x.Get(atom), y.Get(atom), 12);
        }
    }

    [Fact]
    public void KnockoutOnQuestions_IsRefused()
    {
        var run = CliRun.Of("analyze", "--model", temp.File("m"), "--data", temp.File("q.jsonl"), "--knockout", "0-1", "--out", temp.File("x"));
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("--knockout runs on the scene models only", run.Stderr);
    }
}

using PidGpu.Report;
using PidGpu.Cli;
using PidGpu.Models.Capture;
using PidGpu.Inputs.Text;
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
        Assert.False(Directory.Exists(Path.Combine(temp.File("once"), PidGpu.Models.Analysis.QuestionRun.CaptureFolder)), "the run's own capture is removed");
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

    /// <summary>
    /// --template on analyze --data and knockout --data: the yes/no model's gold answers are its predictions under the llava-1.5
    /// prompt, so every question is kept. The runs equal capture --template llava-1.5 then analyze --states, record the template,
    /// and differ from the vicuna_v1 default; --template is refused where no forward pass takes it.
    /// </summary>
    [Fact]
    public void Template_ReachesTheForwardPasses_AndIsRecorded()
    {
        var (model, data, images) = YesNoLlava.Questions(temp, false, "--template", "llava-1.5");
        string[] input = ["--model", model, "--data", data, "--images", images, "--device", "cpu"];
        var analyze = CliRun.Of(["analyze", .. input, "--template", "llava-1.5", "--out", temp.File("v15")]);
        Assert.True(analyze.ExitCode == ExitCodes.Success, analyze.ToString());
        var knockout = CliRun.Of(["knockout", .. input, "--template", "llava-1.5", "--layers", "0-1", "--out", temp.File("ko")]);
        Assert.True(knockout.ExitCode == ExitCodes.Success, knockout.ToString());
        var vicuna = CliRun.Of(["analyze", .. input, "--answers", "all", "--out", temp.File("vicuna")]);
        Assert.True(vicuna.ExitCode == ExitCodes.Success, vicuna.ToString());
        var capture = CliRun.Of("capture", "--model", model, "--data", data, "--images", images, "--template", "llava-1.5", "--out", temp.File("states"));
        Assert.True(capture.ExitCode == ExitCodes.Success, capture.ToString());
        var states = CliRun.Of("analyze", "--states", temp.File("states"), "--device", "cpu", "--out", temp.File("from-states"));
        Assert.True(states.ExitCode == ExitCodes.Success, states.ToString());

        var v15 = RunResults.Load(temp.File("v15"));
        var ko = RunResults.Load(temp.File("ko"));
        var fromStates = RunResults.Load(temp.File("from-states"));
        var byVicuna = RunResults.Load(temp.File("vicuna"));
        Assert.All(v15.Records, r => Assert.Equal(66, r.Samples));
        Assert.All(byVicuna.Records, r => Assert.Equal(66, r.Samples));
        var koIntact = ko.Records.Where(r => r.Condition == Conditions.Intact).ToList();
        Assert.Equal(v15.Records.Count, koIntact.Count);
        foreach (var (x, (y, z)) in v15.Records.Zip(fromStates.Records.Zip(koIntact)))
            foreach (var atom in AtomNames.All)
            {
                Assert.Equal(y.Get(atom), x.Get(atom), 12);
                Assert.Equal(y.Get(atom), z.Get(atom), 12);
            }
        Assert.Contains(v15.Records.Zip(byVicuna.Records), p => AtomNames.All.Any(atom => Math.Abs(p.First.Get(atom) - p.Second.Get(atom)) > 1e-6));

        Assert.Equal(LlavaPromptTemplate.V15, v15.Settings.Options["template"]);
        Assert.Equal(LlavaPromptTemplate.V15, ko.Settings.Options["template"]);
        Assert.Equal(LlavaPromptTemplate.V15, fromStates.Settings.Options["template"]);
        Assert.Equal(LlavaPromptTemplate.VicunaV1, byVicuna.Settings.Options["template"]);

        var refused = CliRun.Of("analyze", "--states", temp.File("states"), "--template", "llava-1.5", "--out", temp.File("x"));
        Assert.Equal(ExitCodes.BadInput, refused.ExitCode);
        Assert.Contains("--template applies to forward passes", refused.Stderr);
        refused = CliRun.Of("analyze", "--model", model, "--template", "llava-1.5", "--out", temp.File("y"));
        Assert.Equal(ExitCodes.BadInput, refused.ExitCode);
        Assert.Contains("--template applies with --data", refused.Stderr);
        Assert.False(Directory.Exists(temp.File("x")) || Directory.Exists(temp.File("y")));
    }

    [Fact]
    public void KnockoutOnQuestions_IsRefused()
    {
        var run = CliRun.Of("analyze", "--model", temp.File("m"), "--data", temp.File("q.jsonl"), "--knockout", "0-1", "--out", temp.File("x"));
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("--knockout runs on the scene models only", run.Stderr);
    }
}

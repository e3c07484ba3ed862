using System.Text.Json;
using PidGpu.Report;
using PidGpu.Cli;
using PidGpu.Models.Capture;
using PidGpu.Models.Llava;
using PidGpu.Tests.Support;
using TorchSharp;

namespace PidGpu.Tests;

/// <summary>
/// <c>pidgpu knockout --model DIR --data QUESTIONS</c> end to end on a tiny random LLaVA-1.5 checkpoint (real 32,064-token
/// vocabulary) and a GQA-format file with JPEG images, made a yes/no model whose gold answers are its intact predictions
/// (<see cref="YesNoLlava"/>). Checks: the intact series equals <c>capture</c> + <c>analyze --states</c>
/// on the same file; the knockout series use the same samples; in the capture a knockout of block 1 leaves states 0 and 1
/// exactly as intact and changes state 2, a knockout of blocks 0-1 changes X_L but not X_V in state 1; accuracy before and
/// after is reported.
/// </summary>
public sealed class CliKnockoutQuestionsTests : IDisposable
{
    readonly TempFolder temp = new();

    public CliKnockoutQuestionsTests() => PidGpu.Models.TorchRuntime.EnsureLoaded();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Knockout_SameSamplesAsIntact_OnlyTheKnockedBlocksChange_AccuracyBeforeAndAfter()
    {
        var (model, data, images) = YesNoQuestions();
        var run = CliRun.Of("knockout", "--model", model, "--data", data, "--images", images, "--layers", "1-1,0-1", "--device", "cpu", "--out", temp.File("ko"));
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var capture = CliRun.Of("capture", "--model", model, "--data", data, "--images", images, "--out", temp.File("states"));
        Assert.True(capture.ExitCode == ExitCodes.Success, capture.ToString());
        using var states = CapturedStates.Load(temp.File("states"));
        var intactRun = CliRun.Of("analyze", "--states", temp.File("states"), "--device", "cpu", "--out", temp.File("intact"));
        Assert.True(intactRun.ExitCode == ExitCodes.Success, intactRun.ToString());

        var ko = RunResults.Load(temp.File("ko"));
        var reference = RunResults.Load(temp.File("intact")).Records;
        Assert.Equal(3 * (TinyHfLlava.Layers + 1), ko.Records.Count);
        Assert.All(ko.Records, r => Assert.Equal(states.Samples.Count, r.Samples));
        Assert.Equal(66, states.Samples.Count); // gold = the intact prediction: all correct
        Assert.All(states.Samples, s => Assert.Contains(s.Answer, new[] { "yes", "no" }));
        var byCondition = ko.Records.GroupBy(r => r.Condition).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Layer).ToList());
        Assert.Equal([Conditions.Intact, "knockout:1-1", "knockout:0-1"], byCondition.Keys);
        // Bit for bit: the knockout passes between the intact ones, and the knockout conditions' spills, leave the intact series alone.
        foreach (var (x, y) in byCondition[Conditions.Intact].Zip(reference))
            foreach (var atom in AtomNames.All)
                Assert.Equal(y.Get(atom), x.Get(atom));

        // Y is the knocked-out model's logit, so every layer's PID moves, the decision layer included.
        var intact = byCondition[Conditions.Intact];
        AssertDiffer(intact[2], byCondition["knockout:1-1"][2]);
        AssertDiffer(intact[2], byCondition["knockout:0-1"][2]);

        double before = states.Info.Accuracy["ChooseAttr"].Fraction;
        Assert.Equal(before, intact[0].Accuracy!.Value, 12);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(temp.File("ko"), RunSummary.FileName)));
        var deltas = summary.RootElement.GetProperty("knockout").EnumerateArray().ToList();
        Assert.Equal(["knockout:1-1", "knockout:0-1"], deltas.Select(d => d.GetProperty("condition").GetString()));
        foreach (var d in deltas)
        {
            Assert.Equal(2, d.GetProperty("layer").GetInt32());
            Assert.Equal(before, d.GetProperty("accuracy_intact").GetDouble(), 12);
            Assert.InRange(d.GetProperty("accuracy_knockout").GetDouble(), 0, 1);
        }
        Assert.Contains("acc before", run.Stdout);
        Assert.Contains("knockout:0-1", run.Stderr);
    }

    (string Model, string Data, string Images) YesNoQuestions() => YesNoLlava.Questions(temp);

    [Fact]
    public void Interrupt_DuringForwardPasses_WritesNothing_DuringKnockoutEstimation_KeepsTheIntactLayers()
    {
        var (model, data, images) = YesNoQuestions();
        var (code, stderr) = CliInterruptTests.Interrupted("ChooseAttr knockout:0-1:", "knockout", "--model", model, "--data", data,
            "--images", images, "--device", "cpu", "--out", temp.File("partial"));
        Assert.True(code == ExitCodes.Interrupted, stderr);
        var partial = RunResults.Load(temp.File("partial"));
        Assert.True(partial.Settings.Partial);
        Assert.Equal([0, 1, 2], partial.Records.Select(r => r.Layer));
        Assert.All(partial.Records, r => Assert.Equal(Conditions.Intact, r.Condition));

        (code, stderr) = CliInterruptTests.Interrupted("progress", "knockout", "--model", model, "--data", data,
            "--images", images, "--device", "cpu", "--out", temp.File("none"));
        Assert.True(code == ExitCodes.Interrupted, stderr);
        Assert.Contains("nothing written", stderr);
        Assert.False(Directory.Exists(temp.File("none")));
    }

    [Fact]
    public void AnalyzeData_InterruptedDuringForwardPasses_Exits130_WritesNothing()
    {
        var (model, data, images) = YesNoQuestions();
        var (code, stderr) = CliInterruptTests.Interrupted("progress", "analyze", "--model", model, "--data", data,
            "--images", images, "--device", "cpu", "--out", temp.File("run"));
        Assert.True(code == ExitCodes.Interrupted, stderr);
        Assert.Contains("nothing written", stderr);
        Assert.False(Directory.Exists(temp.File("run")));
    }

    [Fact]
    public void Capture_UnderKnockout_SameRows_StatesChangeFromTheFirstKnockedBlockOn()
    {
        string model = temp.File("model");
        YesNoLlava.Write(model);
        var (data, images) = TinyHfLlava.WriteGqa(temp.Path, CliInspectTests.Questions, CliInspectTests.Images);
        using var directory = LlavaModelDirectory.Open(model);
        using var llava = directory.LoadModel();
        var questions = PidGpu.Capture.QuestionFile.Read(data, images, null);
        var conditions = QuestionCapture.RunConditions(llava, directory, questions,
            new QuestionCaptureOptions { AllAnswers = true, Knockouts = [[1], [0, 1]], Folder = temp.File("conditions") }, new PidGpu.Inputs.Text.SampleFaults(false));

        var (intact, late, all) = (conditions[0], conditions[1], conditions[2]);
        Assert.All(conditions, c => Assert.Equal(intact.Samples.Select(s => s.Id), c.Samples.Select(s => s.Id)));
        // Knocked in block 1: states 0 (embeddings) and 1 (block 0's output) as intact; state 2 and Y changed.
        for (int l = 0; l <= 1; l++)
        {
            Assert.Equal(intact.ReadLayer(l, StateRegion.Vision), late.ReadLayer(l, StateRegion.Vision));
            Assert.Equal(intact.ReadLayer(l, StateRegion.Language), late.ReadLayer(l, StateRegion.Language));
        }
        Assert.Equal(intact.ReadLayer(0, StateRegion.Vision), all.ReadLayer(0, StateRegion.Vision));
        Assert.Equal(intact.ReadLayer(0, StateRegion.Language), all.ReadLayer(0, StateRegion.Language));
        // X_V is not a blocked query: in its first knocked block it is unchanged; X_L (the blocked queries) changes.
        Assert.Equal(intact.ReadLayer(1, StateRegion.Vision), all.ReadLayer(1, StateRegion.Vision));
        Assert.NotEqual(intact.ReadLayer(1, StateRegion.Language), all.ReadLayer(1, StateRegion.Language));
        Assert.NotEqual(intact.ReadLayer(2, StateRegion.Language), late.ReadLayer(2, StateRegion.Language));
        Assert.Equal("yes", intact.Samples[1].Answer); // the other gold answers' lm_head rows are 0, so their logit is 0 anyway
        // The last position is no blocked query: after a knockout in the last block alone its logits are the intact ones; a
        // knockout from block 0 reaches it through the question states that block 1 reads.
        Assert.Equal(intact.Target, late.Target);
        Assert.NotEqual(intact.Target[1], all.Target[1]);
        Assert.Equal(intact.Info.Accuracy.Keys, late.Info.Accuracy.Keys);
    }

    [Fact]
    public void SceneTasksOnAMissingModel_IsBadInput_AndWritesNothing()
    {
        // Without --data the scene tasks run through this command's code; --layers defaults to every block there too.
        var run = CliRun.Of("knockout", "--model", temp.File("m"), "--out", temp.File("ko"));
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("no such directory", run.Stderr);
        Assert.False(Directory.Exists(temp.File("ko")));
    }

    [Fact]
    public void WindowOutsideTheDecoder_IsBadInput()
    {
        string model = temp.File("model");
        TinyHfLlava.Write(model, 9);
        var (data, images) = TinyHfLlava.WriteGqa(temp.Path, CliInspectTests.Questions, CliInspectTests.Images);
        var run = CliRun.Of("knockout", "--model", model, "--data", data, "--images", images, "--layers", "0-5", "--out", temp.File("ko"));
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("knockout window 0-5 is outside the model's decoder blocks 0-1", run.Stderr);
        Assert.False(Directory.Exists(temp.File("ko")));
    }

    static void AssertDiffer(LayerRecord a, LayerRecord b) =>
        Assert.True(AtomNames.All.Any(atom => Math.Abs(a.Get(atom) - b.Get(atom)) > 1e-6), $"layer {a.Layer}: knockout left every atom unchanged");
}

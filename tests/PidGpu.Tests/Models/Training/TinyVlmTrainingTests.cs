using PidGpu.Tests.Support;
using PidGpu.Cli;
using PidGpu.Inputs.Scenes;
using PidGpu.Models.Training;

namespace PidGpu.Tests;

/// <summary>A few steps of training on the small shape: the saved directory loads, the report is complete, runs repeat bit for bit.</summary>
[Collection(TorchSerialCollection.Name)]
public sealed class TinyVlmTrainingTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pidgpu-tinytrain-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    static TinyVlmOptions Few(int seed = 3) => new() { Shape = TinyVlmShape.Small, Steps = 3, BatchSize = 12, EvalPerTask = 2, Threads = 1, Seed = seed };

    [Fact]
    public void Train_SavesALoadableCheckpoint_AndRepeatsBitForBit()
    {
        string a = Path.Combine(_dir, "a"), b = Path.Combine(_dir, "b"), c = Path.Combine(_dir, "c");
        var report = TinyVlmTrainer.Train(Few(), a);
        // Interim evaluation (step 2 of 3) must leave the run bit-for-bit unchanged.
        var log = new List<string>();
        TinyVlmTrainer.Train(Few() with { EvalEvery = 2 }, b, log.Add);
        Assert.Single(log, l => l.StartsWith("step 2 held-out accuracy: Attribute ", StringComparison.Ordinal));
        TinyVlmTrainer.Train(Few(seed: 4), c);
        foreach (string f in new[] { "config.json", "model.safetensors", "vocab.txt", "tokenizer.json" }) Assert.True(File.Exists(Path.Combine(a, f)), f);
        Assert.Equal(File.ReadAllBytes(Path.Combine(a, "model.safetensors")), File.ReadAllBytes(Path.Combine(b, "model.safetensors")));
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(a, "model.safetensors")), File.ReadAllBytes(Path.Combine(c, "model.safetensors")));

        var loaded = TinyVlmTrainingReport.Load(a);
        Assert.Equal((3, 3, 12), (loaded.Seed, loaded.Steps, loaded.BatchSize));
        Assert.All(SceneTaskSuite.All, t => Assert.Equal(t.Kind is SceneTaskKind.Side or SceneTaskKind.Spatial ? 2 : 1, loaded.TaskShares![t.Kind.ToString()]));
        Assert.Equal("SinCos", loaded.VisionPositionInit);
        Assert.Equal(report.Accuracies, loaded.Accuracies);
        Assert.Equal(SceneTaskSuite.All.Select(t => 1.0 / t.Answers.Count), loaded.Accuracies.Select(x => x.Chance), (x, y) => Math.Abs(x - y) < 1e-3);
        using var vlm = TinyVlm.Load(a);
        Assert.Equal(TinyVlmShape.Small.TextHidden, vlm.Model.Config.Text.HiddenSize);
    }

    [Fact]
    public void HeldOut_SharesNoSeedWithTraining_AndIsBalanced()
    {
        var heldOut = TinyVlmTrainer.HeldOut(42, 10);
        Assert.Equal(10 * SceneTaskSuite.All.Count, heldOut.Count);
        Assert.All(SceneTaskSuite.All, t => Assert.Equal(10, heldOut.Count(s => s.Task == t.Kind)));
    }

    [Theory]
    [InlineData("--steps", "0")]
    [InlineData("--batch", "20")]
    [InlineData("--eval-every", "-1")]
    [InlineData("--task-share", "Spatial=0")]
    [InlineData("--task-share", "Spatial=two")]
    [InlineData("--task-share", "Nowhere=2")]
    [InlineData("--task-share", "Spatial=2,spatial=3")]
    [InlineData("--position-init", "Zeros")]
    public void TrainTiny_BadOptions_ExitWithBadInput(string option, string value)
    {
        var stderr = new StringWriter();
        int code = CliApp.Run(["train-tiny", "--out", _dir, option, value], new StringWriter(), stderr);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(option.TrimStart('-'), stderr.ToString(), StringComparison.OrdinalIgnoreCase);
    }
}

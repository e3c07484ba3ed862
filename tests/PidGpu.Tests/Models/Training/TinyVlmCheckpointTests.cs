using PidGpu.Models;
using PidGpu.Inputs.Scenes;
using PidGpu.Models.Training;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// The shipped trained checkpoint models/tiny-vlm: per-task held-out accuracy against chance, and where it reads the image: with
/// the evaluator's diagnostic knockout (question and last positions lose the image keys; stricter than the paper's, which the
/// analysis runs and which leaves the last position its image) vision-dependent tasks fall to chance, the language control
/// does not move.
/// </summary>
public sealed class TinyVlmCheckpointTests : IDisposable
{
    private readonly Xunit.Abstractions.ITestOutputHelper _out;
    private readonly TinyVlm _vlm;
    private readonly TinyVlmTrainingReport _report;
    private readonly IReadOnlyList<SceneSample> _heldOut;

    public TinyVlmCheckpointTests(Xunit.Abstractions.ITestOutputHelper output)
    {
        _out = output;
        TorchRuntime.EnsureLoaded();
        string dir = Path.Combine(SharedCanonical.RepoRoot(), "models", "tiny-vlm");
        _vlm = TinyVlm.Load(dir);
        _report = TinyVlmTrainingReport.Load(dir);
        // The run's own held-out set (generated with a seed no training batch used).
        _heldOut = TinyVlmTrainer.HeldOut(_report.Seed, 250);
    }

    public void Dispose() => _vlm.Dispose();

    // The evaluator's diagnostic knockout (question and last positions lose the image keys) in the given blocks; none = intact.
    Dictionary<string, double> Accuracy(IReadOnlyCollection<int>? knockout = null) =>
        TinyVlmEvaluator.Accuracies(_vlm.Model, _vlm.Tokenizer, _heldOut, knockout).ToDictionary(a => a.Task, a => a.Accuracy);

    [Fact]
    public void Shipped_ReportMatchesArchitectureAndTasks()
    {
        Assert.Equal(_report.Shape.TextLayers, _vlm.Model.Config.Text.NumHiddenLayers);
        Assert.Equal(_report.Shape.TextHidden, _vlm.Model.Config.Text.HiddenSize);
        Assert.Equal(Enum.GetNames<SceneTaskKind>(), _report.Accuracies.Select(a => a.Task));
    }

    // Margins over chance on the 250 held-out samples per task (measured after 8,000 steps: 1.00 on every task but spatial, 0.996).
    [Theory]
    [InlineData(SceneTaskKind.Attribute, 0.5)]
    [InlineData(SceneTaskKind.LanguageControl, 0.4)]
    [InlineData(SceneTaskKind.Redundant, 0.5)]
    [InlineData(SceneTaskKind.XorSynergy, 0.4)]
    [InlineData(SceneTaskKind.Comparison, 0.4)]
    [InlineData(SceneTaskKind.Counting, 0.5)]
    [InlineData(SceneTaskKind.Existence, 0.4)]
    [InlineData(SceneTaskKind.Spatial, 0.4)]
    [InlineData(SceneTaskKind.ShapeQuery, 0.5)]
    [InlineData(SceneTaskKind.Side, 0.4)]
    public void Shipped_IsAboveChance(SceneTaskKind task, double margin)
    {
        double chance = 1.0 / SceneTaskSuite.Get(task).Answers.Count, accuracy = Accuracy()[task.ToString()];
        Assert.True(accuracy >= chance + margin, $"{task}: {accuracy:F3} vs chance {chance:F3}");
        var reported = _report.Accuracies.Single(a => a.Task == task.ToString()).Accuracy;
        Assert.True(Math.Abs(reported - accuracy) <= 0.01, $"{task}: training.json says {reported:F3}, now {accuracy:F3}");
    }

    [Fact]
    public void Knockout_OfAllLayers_HitsVisionTasks_NotTheLanguageControl()
    {
        var intact = Accuracy();
        var knocked = Accuracy(Enumerable.Range(0, _vlm.Model.Config.Text.NumHiddenLayers).ToArray());
        Assert.True(knocked["Attribute"] <= 0.25 + 0.1, $"attribute: intact {intact["Attribute"]:F3}, knockout {knocked["Attribute"]:F3}");
        Assert.True(knocked["Comparison"] <= 0.5 + 0.08, $"comparison: knockout {knocked["Comparison"]:F3}");
        Assert.True(knocked["Counting"] <= 1.0 / 3 + 0.1, $"counting: intact {intact["Counting"]:F3}, knockout {knocked["Counting"]:F3}");
        Assert.True(knocked["Existence"] <= 0.5 + 0.1, $"existence: intact {intact["Existence"]:F3}, knockout {knocked["Existence"]:F3}");
        Assert.True(knocked["XorSynergy"] <= 0.5 + 0.1, $"xor: knockout {knocked["XorSynergy"]:F3}");
        // Their answers are independent of the question text, so without the image nothing is left but chance.
        Assert.True(knocked["ShapeQuery"] <= 1.0 / 3 + 0.1, $"shape query: knockout {knocked["ShapeQuery"]:F3}");
        Assert.True(knocked["Side"] <= 0.5 + 0.1, $"side: knockout {knocked["Side"]:F3}");
        Assert.True(knocked["Spatial"] <= 0.5 + 0.1, $"spatial: knockout {knocked["Spatial"]:F3}");
        Assert.True(knocked["LanguageControl"] >= intact["LanguageControl"] - 0.02, $"control: intact {intact["LanguageControl"]:F3}, knockout {knocked["LanguageControl"]:F3}");
        // The question alone names the answer, but nothing forces the model to use that route rather than the image's:
        // the shipped model leans on the image (measured 1.00 -> 0.75), so the claim is only "well above chance 0.25".
        Assert.True(knocked["Redundant"] >= 0.25 + 0.15, $"redundant: intact {intact["Redundant"]:F3}, knockout {knocked["Redundant"]:F3}");
    }

    [Fact]
    public void Knockout_OfEarlyHalf_LowersVisionTasks_NotTheControl()
    {
        int half = _vlm.Model.Config.Text.NumHiddenLayers / 2;
        var intact = Accuracy();
        var knocked = Accuracy(Enumerable.Range(0, half).ToArray());
        Assert.True(knocked["Attribute"] < intact["Attribute"] - 0.15, $"attribute: intact {intact["Attribute"]:F3}, knockout 0-{half - 1} {knocked["Attribute"]:F3}");
        Assert.True(knocked["Comparison"] < intact["Comparison"] - 0.1, $"comparison: intact {intact["Comparison"]:F3}, knockout {knocked["Comparison"]:F3}");
        Assert.True(knocked["LanguageControl"] >= intact["LanguageControl"] - 0.02);
    }
}

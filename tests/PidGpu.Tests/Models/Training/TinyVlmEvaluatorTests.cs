using PidGpu.Models;
using PidGpu.Models.Llava;
using PidGpu.Inputs.Scenes;
using PidGpu.Inputs.Text;
using PidGpu.Models.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace PidGpu.Tests;

/// <summary>
/// The trainer's evaluation pieces on a small randomly initialised scene VLM: the word-level prompt's question positions, the
/// evaluator's diagnostic knockout mask (question and last positions against image keys; the analysis' paper knockout is
/// checked by LlavaKnockoutMaskTests and CliKnockoutQuestionsTests).
/// </summary>
public sealed class TinyVlmEvaluatorTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pidgpu-tinyvlm-" + Guid.NewGuid().ToString("N"));
    private readonly LlavaModel _model;
    private readonly PromptTokenizer _tokenizer;

    public TinyVlmEvaluatorTests()
    {
        TorchRuntime.EnsureLoaded();
        WordVocabulary.Save(_dir, SceneTaskSuite.Words);
        _tokenizer = PromptTokenizer.LoadWordLevel(_dir);
        torch.manual_seed(7);
        _model = new LlavaModel(TinyVlmShape.Small.ToConfig(_tokenizer.VocabularySize));
        _model.eval();
    }

    public void Dispose()
    {
        _model.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    // One sample of every task: prompts of different lengths in one padded batch.
    static IReadOnlyList<SceneSample> Mixed(int perTask, int seed) => SceneTaskSuite.GenerateMixed(perTask, seed);

    [Fact]
    public void Prompt_QuestionPositions_AreTheQuestionWordsOnly()
    {
        var e = _tokenizer.EncodePrompt("how many circles are there?", 16);
        // <s> user : <image>x16 how many circles are there ? assistant :
        Assert.Equal(Enumerable.Range(19, 6), e.QuestionPositions);
        Assert.Equal(26, e.LastPosition);
    }

    [Fact]
    public void DiagnosticKnockout_EmptyLayerSet_IsBitIdentical_AndBlocksQuestionAndLastPositions()
    {
        var samples = Mixed(1, 9);
        using var _ = torch.no_grad();
        using var batch = SceneBatch.Create(samples, _tokenizer, _model.Config.ImageTokensPerImage);
        using var ko = TinyVlmEvaluator.QuestionAndLast(batch, _model.Config.ImageTokenIndex, []);
        using var a = _model.Forward(batch.InputIds, batch.PixelValues, new LlavaForwardOptions { AllPositions = true, HiddenStates = true });
        using var b = _model.Forward(batch.InputIds, batch.PixelValues, new LlavaForwardOptions { AllPositions = true, HiddenStates = true, Knockout = ko });
        Assert.Equal(a.Logits.data<float>().ToArray(), b.Logits.data<float>().ToArray());
        for (int l = 0; l < a.HiddenStates!.Count; l++) Assert.Equal(a.HiddenStates[l].data<float>().ToArray(), b.HiddenStates![l].data<float>().ToArray());
        // The mask blocks exactly question and last positions against image keys.
        var blocked = ko.Blocked.sum(new long[] { 2 }).data<long>().ToArray();
        var expected = batch.QuestionMask.logical_or(torch.zeros_like(batch.QuestionMask).scatter_(1, batch.LastPositions.view(-1, 1),
            torch.ones(samples.Count, 1, ScalarType.Bool))).to(ScalarType.Int64).mul(16).data<long>().ToArray();
        Assert.Equal(expected, blocked);
    }
}

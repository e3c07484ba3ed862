using PidGpu.Cli;
using PidGpu.Formats.Arrays;
using PidGpu.Models;
using PidGpu.Models.Capture;
using PidGpu.Models.Llava;
using PidGpu.Inputs.Scenes;
using PidGpu.Inputs.Text;
using PidGpu.Models.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace PidGpu.Tests;

/// <summary>
/// Layer capture on a small randomly initialised scene VLM: pooling against a per-sample unpadded forward pass, the knockout,
/// the safetensors export and the decompose command reading it.
/// </summary>
public sealed class TinyVlmCaptureTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pidgpu-tinyvlm-" + Guid.NewGuid().ToString("N"));
    private readonly LlavaModel _model;
    private readonly PromptTokenizer _tokenizer;

    public TinyVlmCaptureTests()
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
    public void Capture_PoolsImageAndQuestionTokens_AsAnUnpaddedForwardPass()
    {
        var samples = Mixed(1, 3);
        var run = LayerCapture.Run(_model, _tokenizer, samples, new LayerCaptureOptions { BatchSize = 8 });
        int d = _model.Config.Text.HiddenSize, states = _model.Config.Text.NumHiddenLayers + 1;
        Assert.Equal((samples.Count, d, states), (run.Samples, run.HiddenSize, run.LayerCount));
        Assert.All(run.Vision.Concat(run.Language).Concat(run.Final), m => Assert.Equal(samples.Count * d, m.Length));
        Assert.True(samples.Select(s => s.Question.Split(' ').Length).Distinct().Count() > 2); // padding is exercised

        for (int i = 0; i < samples.Count; i++)
        {
            var e = _tokenizer.EncodePrompt(samples[i].Question, _model.Config.ImageTokensPerImage);
            using var _ = torch.no_grad();
            using var ids = torch.tensor(e.Ids.Select(x => (long)x).ToArray()).view(1, -1);
            using var pixels = torch.tensor(PidGpu.Inputs.Vision.ScenePng.ToClipInput(samples[i].Scene)).view(1, 3, 32, 32);
            using var output = _model.Forward(ids, pixels, new LlavaForwardOptions { HiddenStates = true });
            var logits = output.Logits.data<float>().ToArray();
            Assert.Equal(logits[_tokenizer.SingleTokenId(samples[i].Answer)], run.Target[i], 1e-4); // padded batch vs alone: float noise only
            for (int l = 0; l < states; l++)
            {
                var h = output.HiddenStates![l].data<float>().ToArray(); // [1, T, d]
                var image = Mean(h, d, Enumerable.Range(e.ImageStart, e.ImageTokenCount));
                var question = Mean(h, d, e.QuestionPositions);
                var last = Mean(h, d, [e.LastPosition]);
                for (int k = 0; k < d; k++)
                {
                    Assert.Equal(image[k], run.Vision[l][i * d + k], 1e-4);
                    Assert.Equal(question[k], run.Language[l][i * d + k], 1e-4);
                    Assert.Equal(last[k], run.Final[l][i * d + k], 1e-4);
                }
            }
        }
    }

    static double[] Mean(float[] h, int d, IEnumerable<int> positions)
    {
        var p = positions.ToArray();
        var mean = new double[d];
        foreach (int t in p)
            for (int k = 0; k < d; k++) mean[k] += h[t * d + k] / (double)p.Length;
        return mean;
    }

    [Fact]
    public void Capture_QuestionPositions_AreTheQuestionWordsOnly()
    {
        var e = _tokenizer.EncodePrompt("how many circles are there?", 16);
        // <s> user : <image>x16 how many circles are there ? assistant :
        Assert.Equal(Enumerable.Range(19, 6), e.QuestionPositions);
        Assert.Equal(26, e.LastPosition);
    }

    [Fact]
    public void Knockout_InNoLayers_EqualsIntact_InAllLayers_KeepsImageStatesButMovesQuestionStates()
    {
        var samples = Mixed(2, 5);
        var intact = LayerCapture.Run(_model, _tokenizer, samples);
        var none = LayerCapture.Run(_model, _tokenizer, samples, new LayerCaptureOptions { KnockoutLayers = [] });
        var all = LayerCapture.Run(_model, _tokenizer, samples,
            new LayerCaptureOptions { KnockoutLayers = LayerWindow.Parse("all", _model.Config.Text.NumHiddenLayers) });
        for (int l = 0; l < intact.LayerCount; l++)
        {
            Assert.Equal(intact.Vision[l], none.Vision[l]);
            Assert.Equal(intact.Language[l], none.Language[l]);
            // Image queries are never blocked and (causal) never see the question: X_V is unchanged.
            Assert.Equal(intact.Vision[l], all.Vision[l]);
        }
        Assert.Equal(intact.Language[0], all.Language[0]); // the embeddings precede every block
        for (int l = 1; l < intact.LayerCount; l++)
            Assert.True(MaxDiff(intact.Language[l], all.Language[l]) > 1e-3, $"layer {l}: the knockout left X_L unchanged");
        Assert.True(MaxDiff(intact.Target, all.Target) > 1e-3);
    }

    [Fact]
    public void Knockout_DirectMask_EmptyLayerSet_IsBitIdentical()
    {
        var samples = Mixed(1, 9);
        using var _ = torch.no_grad();
        using var batch = SceneBatch.Create(samples, _tokenizer, _model.Config.ImageTokensPerImage);
        using var ko = LayerCapture.ImageToQuestion(batch, _model.Config.ImageTokenIndex, []);
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

    static double MaxDiff(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();

    [Fact]
    public void Export_ReadsBack_AndDecomposeRunsOnIt()
    {
        var samples = Mixed(12, 11); // 12 per task: more samples than 2 * 32 + 1 columns
        int n = samples.Count;
        var run = LayerCapture.Run(_model, _tokenizer, samples);
        string path = Path.Combine(_dir, "capture.safetensors");
        run.Export(path);

        var names = SafetensorsReader.TensorNames(path);
        Assert.Contains("layer0.vision", names);
        Assert.Contains($"layer{run.LayerCount - 1}.final", names);
        Assert.Equal(3 * run.LayerCount + 4, names.Count);
        using (var m = SafetensorsReader.Open(path, "layer1.language"))
        {
            Assert.Equal(((long)n, run.HiddenSize), (m.Rows, m.Columns));
            var back = new float[n * run.HiddenSize];
            m.ReadRows(0, back);
            Assert.Equal(run.Language[1], back);
        }
        using (var y = SafetensorsReader.Open(path, "target"))
        {
            var back = new float[n];
            y.ReadRows(0, back);
            Assert.Equal(run.Target, back);
        }
        using (var t = SafetensorsReader.Open(path, "task"))
        {
            var back = new float[n];
            t.ReadRows(0, back);
            Assert.Equal(samples.Select(s => (float)(int)s.Task), back);
        }

        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(["decompose", "--estimator", "gaussian", "--device", "cpu", "--x1", path + ":layer1.vision",
            "--x2", path + ":layer1.language", "--y", path + ":target", "--ridge", "1e-6"], stdout, stderr);
        Assert.True(code == ExitCodes.Success, stderr.ToString());
        Assert.Contains("mmi", stdout.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("0-3", 4, new[] { 0, 1, 2, 3 })]
    [InlineData("0,2-3", 4, new[] { 0, 2, 3 })]
    [InlineData("none", 4, new int[0])]
    [InlineData("all", 3, new[] { 0, 1, 2 })]
    public void LayerWindow_Parses(string text, int layers, int[] expected) =>
        Assert.Equal(expected, LayerWindow.Parse(text, layers));

    [Theory]
    [InlineData("0-4")]
    [InlineData("3-1")]
    [InlineData("a")]
    public void LayerWindow_RejectsBadWindows(string text) =>
        Assert.Throws<PidInputException>(() => LayerWindow.Parse(text, 4));
}

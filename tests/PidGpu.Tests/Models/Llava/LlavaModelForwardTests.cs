using PidGpu.Models;
using PidGpu.Models.Llava;
using PidGpu.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace PidGpu.Tests;

/// <summary>Forward-pass properties: attention knockout, causality, feature-layer selection, and hand-computed RMSNorm/rotary.</summary>
public sealed class LlavaModelForwardTests : IDisposable
{
    private readonly string _dir = TinyLlavaCheckpoint.TempDir();
    private readonly LlavaModel _model;
    const long Img = TinyLlavaCheckpoint.ImageToken;

    public LlavaModelForwardTests()
    {
        TorchRuntime.EnsureLoaded();
        TinyLlavaCheckpoint.Write(_dir, TinyLlavaCheckpoint.Values(11));
        _model = LlavaCheckpoint.Load(_dir);
    }

    public void Dispose()
    {
        _model.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    (float[] Logits, float[][] Hidden) Run(long[] ids, AttentionKnockout? knockout = null, LlavaModel? model = null)
    {
        using var _ = torch.no_grad();
        using var idTensor = torch.tensor(ids).view(1, -1);
        using var pixels = torch.tensor(TinyLlavaCheckpoint.Pixels(3)).view(1, 3, 16, 16);
        bool image = ids.Contains(Img);
        using var output = (model ?? _model).Forward(idTensor, image ? pixels : null,
            new LlavaForwardOptions { AllPositions = true, HiddenStates = true, Knockout = knockout });
        return (output.Logits.data<float>().ToArray(), output.HiddenStates!.Select(h => h.data<float>().ToArray()).ToArray());
    }

    static long[] ImageThenQuestion() => [1, .. Enumerable.Repeat(Img, 16), 5, 17, 42];

    static float[] Row(float[] flat, int position, int width) => flat.AsSpan(position * width, width).ToArray();

    [Fact]
    public void Knockout_InNoLayers_EqualsIntactRun()
    {
        long[] ids = ImageThenQuestion();
        using var ids2 = torch.tensor(ids).view(1, -1);
        using var none = AttentionKnockout.ImageToPositions(ids2, Img, [17, 18, 19], []);
        var intact = Run(ids);
        var knocked = Run(ids, none);
        Assert.Equal(intact.Logits, knocked.Logits);
        for (int l = 0; l < intact.Hidden.Length; l++) Assert.Equal(intact.Hidden[l], knocked.Hidden[l]);
    }

    [Fact]
    public void Knockout_ChangesQuestionLogits_OnlyWhereImageTokensPrecede()
    {
        long[] ids = ImageThenQuestion();
        using var idTensor = torch.tensor(ids).view(1, -1);
        using var all = AttentionKnockout.ImageToPositions(idTensor, Img, [-1], [0, 1]);
        var intact = Run(ids);
        var knocked = Run(ids, all);
        for (int p = 0; p < 19; p++) // positions before the last: untouched
            Assert.Equal(Row(intact.Logits, p, 64), Row(knocked.Logits, p, 64));
        Assert.True(MaxDiff(Row(intact.Logits, 19, 64), Row(knocked.Logits, 19, 64)) > 1e-3);

        // Questions placed before the image: nothing to cut, so nothing changes anywhere.
        long[] before = [1, 5, 17, .. Enumerable.Repeat(Img, 16), 42];
        using var beforeIds = torch.tensor(before).view(1, -1);
        using var early = AttentionKnockout.ImageToPositions(beforeIds, Img, [1, 2], [0, 1]);
        Assert.Equal(Run(before).Logits, Run(before, early).Logits);
    }

    [Fact]
    public void Knockout_InLayer1Only_LeavesEarlierHiddenStatesAlone()
    {
        long[] ids = ImageThenQuestion();
        using var idTensor = torch.tensor(ids).view(1, -1);
        using var layer1 = AttentionKnockout.ImageToPositions(idTensor, Img, [17, 18, 19], [1]);
        var intact = Run(ids);
        var knocked = Run(ids, layer1);
        Assert.Equal(intact.Hidden[0], knocked.Hidden[0]); // embeddings
        Assert.Equal(intact.Hidden[1], knocked.Hidden[1]); // after layer 0 (= input of layer 1)
        for (int p = 0; p < 17; p++) Assert.Equal(Row(intact.Hidden[2], p, 48), Row(knocked.Hidden[2], p, 48));
        for (int p = 17; p < 20; p++) Assert.True(MaxDiff(Row(intact.Hidden[2], p, 48), Row(knocked.Hidden[2], p, 48)) > 1e-4);
    }

    [Fact]
    public void CausalMask_LaterTokenNeverChangesEarlierStates()
    {
        long[] a = ImageThenQuestion(), b = (long[])a.Clone();
        b[^1] = 9;
        var ra = Run(a);
        var rb = Run(b);
        for (int l = 0; l < ra.Hidden.Length; l++)
        {
            for (int p = 0; p < 19; p++)
                Assert.Equal(Row(ra.Hidden[l], p, 48), Row(rb.Hidden[l], p, 48));
            if (l > 0) Assert.True(MaxDiff(Row(ra.Hidden[l], 19, 48), Row(rb.Hidden[l], 19, 48)) > 1e-4);
        }
    }

    [Fact]
    public void FeatureLayerMinus2_IgnoresTheLastVisionBlock_AndImageCountIsChecked()
    {
        // vision_feature_layer −2 of 2 blocks = the output of block 0: block 1's weights must not matter.
        var values = TinyLlavaCheckpoint.Values(11);
        foreach (var key in values.Keys.Where(k => k.Contains("encoder.layers.1.")).ToList())
            values[key] = values[key].Select(v => v * -3 + 0.1f).ToArray();
        string other = TinyLlavaCheckpoint.TempDir();
        try
        {
            TinyLlavaCheckpoint.Write(other, values);
            using var changed = LlavaCheckpoint.Load(other);
            Assert.Equal(Run(ImageThenQuestion()).Logits, Run(ImageThenQuestion(), model: changed).Logits);
        }
        finally { Directory.Delete(other, true); }

        using var _ = torch.no_grad();
        using var ids = torch.tensor(new long[] { 1, Img, Img, 5 }).view(1, -1);
        using var pixels = torch.zeros(1, 3, 16, 16);
        var ex = Assert.Throws<PidInputException>(() => _model.Forward(ids, pixels));
        Assert.Contains("2 image tokens", ex.Message);
    }

    [Fact]
    public void Batch_MatchesSingleRuns_ImagesGoToTheirOwnSequence()
    {
        long[] a = ImageThenQuestion(), b = [1, 7, .. Enumerable.Repeat(Img, 16), 30, 31];
        float[] pa = TinyLlavaCheckpoint.Pixels(3), pb = TinyLlavaCheckpoint.Pixels(4);
        using var _ = torch.no_grad();
        float[] Single(long[] ids, float[] pixels)
        {
            using var i = torch.tensor(ids).view(1, -1);
            using var p = torch.tensor(pixels).view(1, 3, 16, 16);
            using var o = _model.Forward(i, p);
            return o.Logits.data<float>().ToArray();
        }
        using var ids = torch.tensor(a.Concat(b).ToArray()).view(2, -1);
        using var pixels = torch.tensor(pa.Concat(pb).ToArray()).view(2, 3, 16, 16);
        using var both = _model.Forward(ids, pixels);
        float[] got = both.Logits.data<float>().ToArray();
        float[] expected = Single(a, pa).Concat(Single(b, pb)).ToArray();
        Assert.True(MaxDiff(expected, got) < 1e-5, $"batched differs by {MaxDiff(expected, got)}");
        Assert.True(MaxDiff(Single(a, pa), Single(a, pb)) > 1e-3); // the image matters, so a swap would be seen
    }

    [Fact]
    public void HiddenState0_IsTokenEmbeddings_WithImageFeaturesMergedInOrder()
    {
        long[] ids = ImageThenQuestion();
        using var _ = torch.no_grad();
        using var idTensor = torch.tensor(ids).view(1, -1);
        using var pixels = torch.tensor(TinyLlavaCheckpoint.Pixels(3)).view(1, 3, 16, 16);
        using var output = _model.Forward(idTensor, pixels, new LlavaForwardOptions { HiddenStates = true });
        float[] h0 = output.HiddenStates![0].data<float>().ToArray(), features = output.ImageFeatures!.data<float>().ToArray();
        float[] embed = TinyLlavaCheckpoint.Values(11)["language_model.model.embed_tokens.weight"];
        for (int p = 0; p < ids.Length; p++)
        {
            float[] expected = ids[p] == Img ? Row(features, p - 1, 48) : Row(embed, (int)ids[p], 48);
            Assert.Equal(expected, Row(h0, p, 48));
        }
    }

    [Fact]
    public void BFloat16Model_RunsAndStaysCloseToFloat32()
    {
        using var bf16 = LlavaCheckpoint.Load(_dir, ScalarType.BFloat16);
        var full = Run(ImageThenQuestion()).Logits;
        using var _ = torch.no_grad();
        using var ids = torch.tensor(ImageThenQuestion()).view(1, -1);
        using var pixels = torch.tensor(TinyLlavaCheckpoint.Pixels(3)).view(1, 3, 16, 16);
        using var output = bf16.Forward(ids, pixels, new LlavaForwardOptions { AllPositions = true, HiddenStates = true });
        Assert.Equal(ScalarType.BFloat16, output.HiddenStates![1].dtype); // hidden states stay in the model dtype
        var half = output.Logits.data<float>().ToArray();
        double scale = full.Max(v => Math.Abs(v));
        Assert.True(MaxDiff(full, half) < 0.1 * scale, $"bf16 differs by {MaxDiff(full, half)} (scale {scale})");
        Assert.NotEqual(full, half); // really ran in lower precision
    }

    [Fact]
    public void RmsNorm_MatchesHandComputation()
    {
        float[] x = [0.5f, -1.5f, 2f, 0.25f], w = [1f, 0.5f, -2f, 3f];
        using var norm = new RmsNorm(4, 1e-6);
        using (torch.no_grad()) norm.parameters().Single().copy_(torch.tensor(w));
        using var input = torch.tensor(x);
        using var y = norm.forward(input);
        double rms = Math.Sqrt(x.Sum(v => (double)v * v) / 4 + 1e-6);
        var got = y.data<float>().ToArray();
        for (int i = 0; i < 4; i++) Assert.Equal(w[i] * x[i] / rms, got[i], 5);
    }

    [Fact]
    public void Rotary_RotatesPairsIAndIPlusHalf_ByPositionTimesFrequency()
    {
        const int d = 6, positions = 4;
        const double theta = 10000;
        var rng = new Random(5);
        float[] x = Enumerable.Range(0, positions * d).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        using var table = RotaryEmbedding.Create(positions, d, theta);
        using var input = torch.tensor(x).view(1, 1, positions, d);
        using var y = table.Apply(input);
        var got = y.data<float>().ToArray();
        for (int p = 0; p < positions; p++)
            for (int i = 0; i < d / 2; i++)
            {
                double angle = p * Math.Pow(theta, -2.0 * i / d);
                double a = x[p * d + i], b = x[p * d + i + d / 2];
                Assert.Equal(a * Math.Cos(angle) - b * Math.Sin(angle), got[p * d + i], 5);
                Assert.Equal(b * Math.Cos(angle) + a * Math.Sin(angle), got[p * d + i + d / 2], 5);
            }
    }

    static double MaxDiff(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs((double)x - y)).Max();
}

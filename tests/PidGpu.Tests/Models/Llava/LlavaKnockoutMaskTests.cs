using PidGpu.Models.Llava;
using PidGpu.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace PidGpu.Tests;

/// <summary>
/// The Image→Question knockout on a tiny random LLaVA-1.5 (2 decoder blocks): in the first knocked block only the question
/// positions' outputs change (they lose the image keys); the image positions, the prompt before them and the template after
/// the question (the last position included) are unchanged there, because their own attention is untouched and their inputs
/// are the intact ones. Blocks before the window are unchanged everywhere.
/// </summary>
[Collection(TorchSerialCollection.Name)]
public sealed class LlavaKnockoutMaskTests
{
    // BOS, two prompt tokens, 16 image positions (3..18), the question 19..28, three template tokens 29..31.
    const int QuestionStart = 19, QuestionEnd = 29, Length = 32;

    static readonly long[] Ids =
        [1, 100, 200, .. Enumerable.Repeat((long)TinyHfLlava.ImageToken, TinyHfLlava.ImagePositions), .. Enumerable.Range(300, 10).Select(i => (long)i), 400, 401, 402];

    public LlavaKnockoutMaskTests() => PidGpu.Models.TorchRuntime.EnsureLoaded();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void FirstKnockedBlock_ChangesExactlyTheQuestionPositions(int block)
    {
        torch.manual_seed(21);
        using var model = new LlavaModel(TinyHfLlava.Config);
        using var _ = torch.no_grad();
        using var ids = torch.tensor(Ids).view(1, Length);
        using var pixels = torch.randn(1, 3, 16, 16);
        using var intact = model.Forward(ids, pixels, new LlavaForwardOptions { HiddenStates = true });
        using var knockout = AttentionKnockout.ImageToRange(ids, TinyHfLlava.ImageToken, QuestionStart, QuestionEnd, [block]);
        using var knocked = model.Forward(ids, pixels, new LlavaForwardOptions { HiddenStates = true, Knockout = knockout });

        for (int state = 0; state <= block; state++) // the input of the knocked block and everything before it
            Assert.Equal(0, MaxDifference(intact.HiddenStates![state], knocked.HiddenStates![state], 0, Length));
        var a = intact.HiddenStates![block + 1];
        var b = knocked.HiddenStates![block + 1];
        for (int p = 0; p < Length; p++)
        {
            double diff = MaxDifference(a, b, p, p + 1);
            if (p is >= QuestionStart and < QuestionEnd) Assert.True(diff > 1e-4, $"block {block}, question position {p}: unchanged");
            else Assert.True(diff == 0, $"block {block}, position {p} outside the question changed by {diff}");
        }
    }

    [Fact]
    public void QueryRangeOutsideTheSequence_IsRejected()
    {
        using var ids = torch.tensor(Ids).view(1, Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => AttentionKnockout.ImageToRange(ids, TinyHfLlava.ImageToken, 20, 40, [0]));
    }

    static double MaxDifference(Tensor x, Tensor y, int from, int to)
    {
        using var scope = NewDisposeScope();
        return (x[0, from..to] - y[0, from..to]).abs().max().item<float>();
    }
}

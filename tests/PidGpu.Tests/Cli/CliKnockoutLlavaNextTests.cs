using PidGpu.Report;
using PidGpu.Cli;
using PidGpu.Capture;
using PidGpu.Models.Capture;
using PidGpu.Models.Llava;
using PidGpu.Inputs.Text;
using PidGpu.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace PidGpu.Tests;

/// <summary>
/// The paper's Image→Question knockout on LLaVA-1.6 (LlavaNextForConditionalGeneration), whose image takes a size-dependent
/// number of positions: the base image's features, the tiles' feature grid and one <c>image_newline</c> per grid row, all of it
/// X_V. A tiny random 1.6 checkpoint (real vocabulary, written by LlavaCheckpoint.Save) and JPEGs made here: the mask that the
/// capture builds gives question queries zero attention weight on every image position, newlines included; in the knocked
/// block the question states no longer depend on the tiles or on image_newline; and <c>knockout --model --data</c> runs.
/// </summary>
public sealed class CliKnockoutLlavaNextTests : IDisposable
{
    readonly TempFolder temp = new();

    public CliKnockoutLlavaNextTests() => PidGpu.Models.TorchRuntime.EnsureLoaded();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void QuestionQueries_GetZeroWeightOnEveryImagePosition_NewlinesIncluded_AndStopDependingOnThem()
    {
        string model = temp.File("model");
        TinyHfLlavaNext.Write(model, 5);
        var (data, images) = TinyHfLlava.WriteGqa(temp.Path, CliInspectTests.Questions, CliInspectTests.Images);
        using var directory = LlavaModelDirectory.Open(model);
        using var llava = directory.LoadModel();
        // img1, 40 × 30: 16 base features + 6 kept grid rows of 8 features and a newline each = 70 positions (CliLlavaNextTests).
        var q = QuestionFile.Read(data, images, null).Single(s => s.Id == "201");
        var pixels = directory.PrepareImage(q.ImagePath);
        var tokens = LlavaTokenRegions.Inspect(directory.Tokenizer, q, pixels.Positions, LlavaPromptTemplate.VicunaV1, TinyHfLlava.ImageToken);
        Assert.Equal([tokens.XV[0], tokens.XV[0] + 70], tokens.XV);
        using var ids = torch.tensor(QuestionCapture.Expand(tokens.TextIds, TinyHfLlava.ImageToken, tokens.ImagePositions)).view(1, -1);
        int t = (int)ids.shape[1];
        using var knockout = AttentionKnockout.ImageToRange(ids, TinyHfLlava.ImageToken, tokens.XL[0], tokens.XL[1], [0]);

        // The attention weights every knocked block computes: softmax over the keys of logits plus this mask.
        torch.manual_seed(3);
        using var mask = knockout.AdditiveMask(1, t);
        using var logits = torch.randn(1, 1, t, t) * 4;
        var weights = (logits + mask).softmax(-1).data<float>().ToArray();
        int newlines = 0;
        for (int key = tokens.XV[0]; key < tokens.XV[1]; key++)
        {
            if (key >= tokens.XV[0] + 16 && (key - tokens.XV[0] - 16) % 9 == 8) newlines++;
            for (int query = key; query < t; query++)
            {
                float w = weights[query * t + key];
                if (query >= tokens.XL[0] && query < tokens.XL[1]) Assert.True(w == 0, $"question query {query} keeps weight {w} on image key {key}");
                else Assert.True(w > 0, $"query {query} lost image key {key}");
            }
        }
        Assert.Equal(6, newlines);

        // In the knocked block the question positions' outputs ignore the image positions entirely: changing image_newline or
        // the tiles leaves them bit for bit the same, where the intact model's change.
        using var _ = torch.no_grad();
        Tensor Question(bool knocked)
        {
            using var output = pixels.Forward(llava, ids, new LlavaForwardOptions { HiddenStates = true, Knockout = knocked ? knockout : null });
            return output.HiddenStates![1][0, tokens.XL[0]..tokens.XL[1]].clone();
        }
        using Tensor knocked = Question(true), intact = Question(false);
        var newline = llava.named_parameters().Single(p => p.name == "image_newline").parameter;
        using (var ones = torch.ones_like(newline)) newline.add_(ones);
        using (Tensor knockedNewline = Question(true), intactNewline = Question(false))
        {
            Assert.Equal(0, (knockedNewline - knocked).abs().max().item<float>());
            Assert.True((intactNewline - intact).abs().max().item<float>() > 1e-5, "image_newline does not reach the intact question states");
        }
        var values = pixels.Anyres!.Values;
        for (int i = 0; i < values.Length; i++) values[i] = -values[i];
        using (Tensor knockedTiles = Question(true), intactTiles = Question(false))
        {
            Assert.Equal(0, (knockedTiles - knocked).abs().max().item<float>());
            Assert.True((intactTiles - intact).abs().max().item<float>() > 1e-5, "the image does not reach the intact question states");
        }
    }

    [Fact]
    public void KnockoutCommand_OnA16Checkpoint_KeepsTheIntactSamples_AndChangesThePid()
    {
        var (model, data, images) = YesNoLlava.Questions(temp, next: true);
        var run = CliRun.Of("knockout", "--model", model, "--data", data, "--images", images, "--device", "cpu", "--out", temp.File("ko"));
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var analyze = CliRun.Of("analyze", "--model", model, "--data", data, "--images", images, "--device", "cpu", "--out", temp.File("intact"));
        Assert.True(analyze.ExitCode == ExitCodes.Success, analyze.ToString());

        var ko = RunResults.Load(temp.File("ko"));
        var byCondition = ko.Records.GroupBy(r => r.Condition).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Layer).ToList());
        Assert.Equal([Conditions.Intact, "knockout:0-1"], byCondition.Keys); // default: every decoder block
        Assert.All(ko.Records, r => Assert.Equal(66, r.Samples));
        foreach (var (x, y) in byCondition[Conditions.Intact].Zip(RunResults.Load(temp.File("intact")).Records))
            foreach (var atom in AtomNames.All)
                Assert.Equal(y.Get(atom), x.Get(atom), 12);
        for (int layer = 1; layer <= TinyHfLlava.Layers; layer++)
        {
            var (a, b) = (byCondition[Conditions.Intact][layer], byCondition["knockout:0-1"][layer]);
            Assert.True(AtomNames.All.Any(atom => Math.Abs(a.Get(atom) - b.Get(atom)) > 1e-6), $"layer {layer}: knockout left every atom unchanged");
        }
        Assert.Equal(1.0, byCondition[Conditions.Intact][0].Accuracy!.Value, 12);
        Assert.Contains("knockout:0-1", run.Stdout);
    }
}

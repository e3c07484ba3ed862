using PidGpu.Cli;
using PidGpu.Models.Capture;
using PidGpu.Models.Llava;
using TorchSharp;

namespace PidGpu.Tests.Support;

/// <summary>
/// A tiny random LLaVA checkpoint (1.5 or 1.6 layout, real vocabulary) that answers yes or no: a random model answers almost
/// nothing right, so its lm_head is made a yes/no head (row "yes" = v, row "no" = −v, every other row 0: the answer is the sign
/// of v·h), and 66 GQA questions get as gold answers what it predicts intact (read from a <c>capture --answers all</c>), so that
/// every question is answered correctly intact.
/// </summary>
internal static class YesNoLlava
{
    // Ids from Reference/llava-tokenizer-ids.json.
    const int Yes = 4874, No = 694;

    /// <summary>The model in <c>model/</c> and the questions; <paramref name="captureArguments"/> (e.g. a --template) go to the
    /// capture that fixes the gold answers.</summary>
    public static (string Model, string Data, string Images) Questions(TempFolder temp, bool next = false, params string[] captureArguments)
    {
        string model = temp.File("model");
        Write(model, next);
        string[] colours = ["red", "blue", "green", "white", "black", "small", "large"];
        var questions = Enumerable.Range(0, 66).Select(i => new TinyHfLlava.Question(
            $"{500 + i}", $"img{i % 3 + 1}", $"Is the {colours[i % 7]} thing number {i} {colours[(i / 7) % 7]} or not?", "yes", "chooseAttr")).ToList();
        var (data, images) = TinyHfLlava.WriteGqa(temp.Path, questions, CliInspectTests.Images);
        var all = CliRun.Of(["capture", "--model", model, "--data", data, "--images", images, "--answers", "all", "--out", temp.File("all"), .. captureArguments]);
        Assert.True(all.ExitCode == ExitCodes.Success, all.ToString());
        var predicted = CapturedStates.Load(temp.File("all")).Samples.ToDictionary(s => s.Id, s => s.Predicted);
        (data, images) = TinyHfLlava.WriteGqa(temp.Path, questions.Select(q => q with { Answer = predicted[q.Qid] }).ToList(), CliInspectTests.Images);
        return (model, data, images);
    }

    /// <summary>The tiny checkpoint (seed 9) with its lm_head made the yes/no head.</summary>
    public static void Write(string dir, bool next = false)
    {
        if (next) TinyHfLlavaNext.Write(dir, 9);
        else TinyHfLlava.Write(dir, 9);
        using var model = LlavaCheckpoint.Load(dir);
        using (torch.no_grad())
        {
            var head = model.named_parameters().Single(p => p.name.EndsWith("lm_head.weight", StringComparison.Ordinal)).parameter;
            using var v = torch.randn(TinyHfLlava.Width);
            head.zero_();
            head[Yes].copy_(v);
            head[No].copy_(-v);
        }
        LlavaCheckpoint.Save(model, dir);
    }
}

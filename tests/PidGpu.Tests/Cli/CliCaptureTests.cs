using System.Buffers.Binary;
using System.Text.Json;
using PidGpu.Cli;
using PidGpu.Formats.Arrays;
using PidGpu.Models.Capture;
using PidGpu.Models.Llava;
using PidGpu.Inputs.Vision;
using PidGpu.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace PidGpu.Tests;

/// <summary>
/// <c>pidgpu capture</c> end to end on tiny random LLaVA-1.5 checkpoints with the real 32,064-token vocabulary (F32 and BF16,
/// written by LlavaCheckpoint.Save) and a GQA-format file with JPEG images. The expected states are computed here from the
/// tokenizers.js ids of each prompt (Reference/llava-tokenizer-ids.json), the image positions expanded by hand, and the
/// model's hidden states pooled over the regions the ids define (the question between the template's two newlines).
/// </summary>
public sealed class CliCaptureTests : IDisposable
{
    readonly TempFolder temp = new();
    readonly Dictionary<string, TokenizerCase> reference = TokenizerReference.Cases.ToDictionary(c => c.Text);

    public CliCaptureTests() => PidGpu.Models.TorchRuntime.EnsureLoaded();

    public void Dispose() => temp.Dispose();

    static readonly TinyHfLlava.Question Missing = new("206", "img9", "Is the jar full or empty?", "empty", "chooseAttr");

    (string Model, string Questions, string Images) Setup(ArrayDType dtype = ArrayDType.Float32)
    {
        string model = temp.File("model-" + dtype);
        TinyHfLlava.Write(model, 5, dtype);
        var (questions, images) = TinyHfLlava.WriteGqa(temp.Path, [.. CliInspectTests.Questions, Missing], CliInspectTests.Images);
        return (model, questions, images);
    }

    CliRun Capture(string model, string questions, string images, string output, params string[] extra) =>
        CliRun.Of(["capture", "--model", model, "--data", questions, "--images", images, "--out", output, .. extra]);

    [Theory]
    [InlineData("mean")]
    [InlineData("max")]
    public void States_AreThePooledHiddenStatesAndAnswerLogits_InInputOrder(string pooling)
    {
        var (model, questions, images) = Setup();
        string output = temp.File("states");
        var run = Capture(model, questions, images, output, "--answers", "all", "--pooling", pooling);
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("1 sample skipped: '206'", run.Stderr);

        // The header as written: F32 x_v, x_l [L+1, N, d] and y [N].
        var header = Header(Path.Combine(output, CapturedStates.StatesFile));
        Assert.Equal("[3,3,48]", header.GetProperty("x_v").GetProperty("shape").GetRawText());
        Assert.Equal("[3,3,48]", header.GetProperty("x_l").GetProperty("shape").GetRawText());
        Assert.Equal("[3]", header.GetProperty("y").GetProperty("shape").GetRawText());
        Assert.All(new[] { "x_v", "x_l", "y" }, n => Assert.Equal("F32", header.GetProperty(n).GetProperty("dtype").GetString()));

        using var states = CapturedStates.Load(output);
        Assert.Equal(["201", "202", "204"], states.Samples.Select(s => s.Id));
        using var llava = LlavaCheckpoint.Load(model);
        var processor = new LlavaImageProcessor(16, 16);
        using var _ = torch.no_grad();
        for (int i = 0; i < 3; i++)
        {
            var q = CliInspectTests.Questions.Single(x => x.Qid == states.Samples[i].Id);
            Assert.Equal(q.Answer, states.Samples[i].Answer);
            string prompt = "A chat between a curious human and an artificial intelligence assistant. The assistant gives helpful, " +
                $"detailed, and polite answers to the human's questions. USER: <image>\n{q.Text}\nAnswer the question using a single word or phrase. ASSISTANT:";
            int[] text = reference[prompt].Ids;
            int image = Array.IndexOf(text, TinyHfLlava.ImageToken), shift = TinyHfLlava.ImagePositions - 1;
            int start = Array.IndexOf(text, 13, image) + 1, end = Array.IndexOf(text, 13, start);
            long[] ids = [.. text[..image].Select(v => (long)v), .. Enumerable.Repeat((long)TinyHfLlava.ImageToken, TinyHfLlava.ImagePositions), .. text[(image + 1)..].Select(v => (long)v)];
            using var input = torch.tensor(ids).view(1, -1);
            using var pixels = torch.tensor(processor.Preprocess(Path.Combine(images, q.ImageId + ".jpg"))).view(1, 3, 16, 16);
            using var output1 = llava.Forward(input, pixels, new LlavaForwardOptions { HiddenStates = true });
            Assert.Equal(output1.Logits[0][reference[q.Answer].PlainIds[0]].item<float>(), states.Target[i], 5);
            for (int l = 0; l < 3; l++)
            {
                var h = output1.HiddenStates![l][0].data<float>().ToArray(); // [T, 48]
                for (int c = 0; c < 48; c++)
                {
                    Assert.Equal(Pool(h, image, image + TinyHfLlava.ImagePositions, c, pooling), states.ReadLayer(l, StateRegion.Vision)[i * 48 + c], 4);
                    Assert.Equal(Pool(h, start + shift, end + shift, c, pooling), states.ReadLayer(l, StateRegion.Language)[i * 48 + c], 4);
                }
            }
        }
        Assert.Equal(3, states.Info.Accuracy["ChooseAttr"].Samples + states.Info.Accuracy["QueryAttr"].Samples);
        var lines = File.ReadAllLines(Path.Combine(output, CapturedStates.SamplesFile));
        Assert.Equal(3, lines.Length);
        using var line = JsonDocument.Parse(lines[0]);
        Assert.Equal(["id", "task", "answer", "predicted", "correct"], line.RootElement.EnumerateObject().Select(p => p.Name));
    }

    static float Pool(float[] h, int from, int to, int column, string pooling)
    {
        var values = Enumerable.Range(from, to - from).Select(t => (double)h[t * 48 + column]).ToArray();
        return (float)(pooling == "max" ? values.Max() : values.Average());
    }

    [Fact]
    public void Bf16Checkpoint_RunsInBf16_CloseToItsF32Forward()
    {
        var (model, questions, images) = Setup(ArrayDType.BFloat16);
        var bf16 = Capture(model, questions, images, temp.File("bf16"), "--answers", "all", "--dtype", "bf16");
        Assert.True(bf16.ExitCode == ExitCodes.Success, bf16.ToString());
        var f32 = Capture(model, questions, images, temp.File("f32"), "--answers", "all", "--dtype", "f32");
        Assert.True(f32.ExitCode == ExitCodes.Success, f32.ToString());
        using var a = CapturedStates.Load(temp.File("bf16"));
        using var b = CapturedStates.Load(temp.File("f32"));
        Assert.Equal("bf16", a.Info.DType);
        for (int l = 0; l < a.LayerCount; l++)
        {
            float scale = b.ReadLayer(l, StateRegion.Vision).Max(Math.Abs);
            Assert.All(a.ReadLayer(l, StateRegion.Vision).Zip(b.ReadLayer(l, StateRegion.Vision)), p => Assert.True(Math.Abs(p.First - p.Second) <= 0.05 * scale + 0.02, $"layer {l}: {p.First} vs {p.Second}"));
        }
    }

    [Fact]
    public void NothingCorrect_OrStrictWithAMissingImage_ExitsTwoAndWritesNothing()
    {
        var (model, questions, images) = Setup();
        string output = temp.File("states");
        var correct = Capture(model, questions, images, output); // --answers correct: a random model answers none
        Assert.Equal(ExitCodes.BadInput, correct.ExitCode);
        Assert.Contains("answered none", correct.Stderr);
        Assert.Contains("(use --answers all).", correct.Stderr);
        Assert.False(Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any());

        var strict = Capture(model, questions, images, output, "--answers", "all", "--strict");
        Assert.Equal(ExitCodes.BadInput, strict.ExitCode);
        Assert.Contains("sample '206'", strict.Stderr);
        Assert.Contains("does not exist", strict.Stderr);
        Assert.Contains("(--strict)", strict.Stderr);
        Assert.False(File.Exists(Path.Combine(output, CapturedStates.StatesFile)));
    }

    static JsonElement Header(string path)
    {
        var bytes = File.ReadAllBytes(path);
        int length = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        return JsonDocument.Parse(bytes.AsMemory(8, length)).RootElement.Clone();
    }
}

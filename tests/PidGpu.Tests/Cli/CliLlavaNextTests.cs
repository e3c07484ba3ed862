using System.Text.Json;
using PidGpu.Report;
using PidGpu.Cli;
using PidGpu.Models.Capture;
using PidGpu.Models.Llava;
using PidGpu.Inputs.Vision;
using PidGpu.Tests.Support;
using TorchSharp;

namespace PidGpu.Tests;

/// <summary>
/// <c>inspect</c>, <c>capture</c>, <c>analyze --states</c> and <c>analyze --model</c> end to end on a tiny random LLaVA-1.6 checkpoint
/// (real vocabulary, F32) and a GQA-format file with JPEGs of three sizes. Positions per image, derived by hand on the tiny geometry
/// (16-pixel tiles, 4 × 4 features each, pinpoints [16,32], [32,16], [32,32], [48,16], [16,48]):
/// img1 40 × 30 → (32,32), 8 × 8 grid, rows int(30 · 8/40) = 6 kept → 16 + 6 · 9 = 70;
/// img2 20 × 52 → (48,16) (s = min(0.8, 0.92) = 0.8 keeps 16 · 41 = 656 pixels, more than any other) → 12 × 4 grid; 20/52 > 4/12,
/// so rows int(52 · 4/20) = 10 → 16 + 10 · 5 = 66;
/// img3 16 × 16 → every pinpoint keeps all 256 pixels; least waste (512) first at (16,32) → 4 × 8 grid; columns int(16 · 4/16) = 4
/// → 16 + 4 · 5 = 36.
/// </summary>
public sealed class CliLlavaNextTests : IDisposable
{
    readonly TempFolder temp = new();
    readonly Dictionary<string, TokenizerCase> reference = TokenizerReference.Cases.ToDictionary(c => c.Text);

    static readonly Dictionary<string, int> Positions = new() { ["img1"] = 70, ["img2"] = 66, ["img3"] = 36 };

    public CliLlavaNextTests() => PidGpu.Models.TorchRuntime.EnsureLoaded();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Inspect_GivesEachImageItsOwnPositionCount_AndCaptureFillsThemWithAnyresFeatures()
    {
        string model = temp.File("model");
        TinyHfLlavaNext.Write(model, 5);
        var (questions, images) = TinyHfLlava.WriteGqa(temp.Path, CliInspectTests.Questions, CliInspectTests.Images);

        string tokens = temp.File("tokens.json");
        var inspect = CliRun.Of("inspect", "--model", model, "--data", questions, "--images", images, "--out", tokens);
        Assert.True(inspect.ExitCode == ExitCodes.Success, inspect.ToString());
        using var doc = JsonDocument.Parse(File.ReadAllText(tokens));
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("image_positions").ValueKind);
        foreach (var s in doc.RootElement.GetProperty("samples").EnumerateArray())
        {
            var q = CliInspectTests.Questions.Single(x => x.Qid == s.GetProperty("id").GetString());
            int positions = Positions[q.ImageId];
            int[] ids = [.. s.GetProperty("text_ids").EnumerateArray().Select(v => v.GetInt32())];
            Assert.Equal(reference[s.GetProperty("prompt").GetString()!].Ids, ids);
            Assert.Equal(positions, s.GetProperty("image_positions").GetInt32());
            int image = Array.IndexOf(ids, TinyHfLlava.ImageToken);
            Assert.Equal([image, image + positions], s.GetProperty("x_v").EnumerateArray().Select(v => v.GetInt32()));
            var xl = s.GetProperty("x_l").EnumerateArray().Select(v => v.GetInt32() - (positions - 1)).ToArray();
            Assert.Equal(13, ids[xl[0] - 1]);
            Assert.Equal(13, ids[xl[1]]);
        }

        string states = temp.File("states");
        var capture = CliRun.Of("capture", "--model", model, "--data", questions, "--images", images, "--answers", "all", "--out", states);
        Assert.True(capture.ExitCode == ExitCodes.Success, capture.ToString());
        using var captured = CapturedStates.Load(states);
        Assert.Equal(["201", "202", "204"], captured.Samples.Select(s => s.Id));

        // Each sample again by hand: the tokenizers.js ids with <image> repeated by the hand-derived count, the image tiled.
        using var llava = LlavaCheckpoint.Load(model);
        var processor = new AnyresImageProcessor(new LlavaImageProcessor(16, 16), TinyHfLlavaNext.Pinpoints, 4);
        using var _ = torch.no_grad();
        for (int i = 0; i < 3; i++)
        {
            var q = CliInspectTests.Questions.Single(x => x.Qid == captured.Samples[i].Id);
            string prompt = "A chat between a curious human and an artificial intelligence assistant. The assistant gives helpful, " +
                $"detailed, and polite answers to the human's questions. USER: <image>\n{q.Text}\nAnswer the question using a single word or phrase. ASSISTANT:";
            int[] text = reference[prompt].Ids;
            int image = Array.IndexOf(text, TinyHfLlava.ImageToken), positions = Positions[q.ImageId];
            long[] ids = [.. text[..image].Select(v => (long)v), .. Enumerable.Repeat((long)TinyHfLlava.ImageToken, positions), .. text[(image + 1)..].Select(v => (long)v)];
            using var input = torch.tensor(ids).view(1, -1);
            var pixels = processor.Preprocess(Path.Combine(images, q.ImageId + ".jpg"));
            using var output = llava.Forward(input, pixels, new LlavaForwardOptions { HiddenStates = true });
            Assert.Equal(output.Logits[0][reference[q.Answer].PlainIds[0]].item<float>(), captured.Target[i], 5);
            foreach (int l in new[] { 0, TinyHfLlava.Layers })
            {
                var h = output.HiddenStates![l][0].data<float>().ToArray();
                for (int c = 0; c < TinyHfLlava.Width; c++)
                {
                    double mean = Enumerable.Range(image, positions).Average(t => (double)h[t * TinyHfLlava.Width + c]);
                    Assert.Equal(mean, captured.ReadLayer(l, StateRegion.Vision)[i * TinyHfLlava.Width + c], 4);
                }
            }
        }
    }

    [Fact]
    public void Inspect_MissingImage_IsSkippedAndNamed_OrExitsTwoWithStrict()
    {
        string model = temp.File("model");
        TinyHfLlavaNext.Write(model, 5);
        var (questions, images) = TinyHfLlava.WriteGqa(temp.Path,
            [.. CliInspectTests.Questions, new("206", "img9", "Is the jar full or empty?", "empty", "chooseAttr")], CliInspectTests.Images);
        var run = CliRun.Of("inspect", "--model", model, "--data", questions, "--images", images, "--out", temp.File("t.json"));
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("1 sample skipped: '206'", run.Stderr);
        var strict = CliRun.Of("inspect", "--model", model, "--data", questions, "--images", images, "--strict", "--out", temp.File("s.json"));
        Assert.Equal(ExitCodes.BadInput, strict.ExitCode);
        Assert.Contains("does not exist", strict.Stderr);
        Assert.False(File.Exists(temp.File("s.json")));
    }

    [Fact]
    public void Bf16Checkpoint_CapturesInBf16_CloseToItsF32Forward()
    {
        string model = temp.File("model-bf16");
        TinyHfLlavaNext.Write(model, 5, PidGpu.Formats.Arrays.ArrayDType.BFloat16);
        var (questions, images) = TinyHfLlava.WriteGqa(temp.Path, CliInspectTests.Questions, CliInspectTests.Images);
        var bf16 = CliRun.Of("capture", "--model", model, "--data", questions, "--images", images, "--answers", "all", "--dtype", "bf16", "--out", temp.File("bf16"));
        Assert.True(bf16.ExitCode == ExitCodes.Success, bf16.ToString());
        var f32 = CliRun.Of("capture", "--model", model, "--data", questions, "--images", images, "--answers", "all", "--out", temp.File("f32"));
        Assert.True(f32.ExitCode == ExitCodes.Success, f32.ToString());
        using var a = CapturedStates.Load(temp.File("bf16"));
        using var b = CapturedStates.Load(temp.File("f32"));
        Assert.Equal("bf16", a.Info.DType);
        Assert.Equal(3, a.Samples.Count);
        for (int l = 0; l < a.LayerCount; l++)
        {
            float scale = b.ReadLayer(l, StateRegion.Vision).Max(Math.Abs);
            Assert.All(a.ReadLayer(l, StateRegion.Vision).Zip(b.ReadLayer(l, StateRegion.Vision)), p => Assert.True(Math.Abs(p.First - p.Second) <= 0.05 * scale + 0.02, $"layer {l}: {p.First} vs {p.Second}"));
        }
    }

    [Fact]
    public void AnalyzeModel_EqualsCaptureThenAnalyzeStates()
    {
        string model = temp.File("model");
        TinyHfLlavaNext.Write(model, 9);
        string[] colours = ["red", "blue", "green", "white"];
        var questions = Enumerable.Range(0, 64).Select(i => new TinyHfLlava.Question(
            $"{300 + i}", $"img{i % 3 + 1}", $"Is the thing number {i} {colours[i % 4]} or {colours[(i + 1) % 4]}?", colours[(i + i / 4) % 4], "chooseAttr")).ToList();
        var (data, images) = TinyHfLlava.WriteGqa(temp.Path, questions, CliInspectTests.Images);

        var capture = CliRun.Of("capture", "--model", model, "--data", data, "--images", images, "--answers", "all", "--out", temp.File("states"));
        Assert.True(capture.ExitCode == ExitCodes.Success, capture.ToString());
        var fromStates = CliRun.Of("analyze", "--states", temp.File("states"), "--device", "cpu", "--out", temp.File("twice"));
        Assert.True(fromStates.ExitCode == ExitCodes.Success, fromStates.ToString());
        var once = CliRun.Of("analyze", "--model", model, "--data", data, "--images", images, "--answers", "all", "--device", "cpu", "--out", temp.File("once"));
        Assert.True(once.ExitCode == ExitCodes.Success, once.ToString());

        var a = RunResults.Load(temp.File("once"));
        var b = RunResults.Load(temp.File("twice"));
        Assert.Equal(TinyHfLlava.Layers + 1, b.Records.Count);
        Assert.All(b.Records, r => Assert.Equal(("ChooseAttr", 64), (r.Task, r.Samples)));
        Assert.Equal(a.Records.Count, b.Records.Count);
        foreach (var (x, y) in a.Records.Zip(b.Records))
            foreach (var atom in new[] { Atom.R, Atom.U1, Atom.U2, Atom.S, Atom.I })
                Assert.Equal(x.Get(atom), y.Get(atom), 12);
    }
}

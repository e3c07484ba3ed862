using System.Text.Json;
using PidGpu.Formats.Arrays;
using PidGpu.Models.Llava;
using PidGpu.Inputs.Vision;
using PidGpu.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace PidGpu.Tests;

/// <summary>
/// The LLaVA-1.6 model (LlavaNextForConditionalGeneration) on a tiny random checkpoint with the real vocabulary: its config and
/// weights round-trip through the project's writer in F32 and BF16 with <c>image_newline</c>, and the packed image features sit
/// where Hugging Face's pack_image_features puts them, checked position by position against each tile's own features.
/// </summary>
[Collection(TorchSerialCollection.Name)]
public sealed class LlavaNextModelTests : IDisposable
{
    readonly TempFolder temp = new();

    public LlavaNextModelTests() => PidGpu.Models.TorchRuntime.EnsureLoaded();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData(ArrayDType.Float32, LlavaNaming.Older)]
    [InlineData(ArrayDType.BFloat16, LlavaNaming.Newer)]
    public void Checkpoint_RoundTripsWithImageNewline_InF32AndBf16(ArrayDType dtype, LlavaNaming naming)
    {
        string dir = temp.File("next-" + dtype);
        TinyHfLlavaNext.Write(dir, 3, dtype, naming);
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "config.json")));
        Assert.Equal("LlavaNextForConditionalGeneration", config.RootElement.GetProperty("architectures")[0].GetString());
        Assert.Equal("llava_next", config.RootElement.GetProperty("model_type").GetString());
        Assert.Equal("[[16,32],[32,16],[32,32],[48,16],[16,48]]",
            JsonSerializer.Serialize(config.RootElement.GetProperty("image_grid_pinpoints")));
        string newline = naming == LlavaNaming.Older ? "image_newline" : "model.image_newline";
        Assert.Contains($"\"{newline}\"", System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(dir, "model.safetensors")).AsSpan(8, 4000)));

        torch.manual_seed(3);
        using var original = new LlavaModel(TinyHfLlavaNext.Config);
        using var loaded = LlavaCheckpoint.Load(dir);
        Assert.True(loaded.Config.IsAnyres);
        Assert.Equal(32064, loaded.Config.Text.VocabSize);
        var expected = original.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var names = loaded.named_parameters().Select(p => p.name).ToList();
        Assert.Contains("image_newline", names);
        Assert.Equal(expected.Keys.Order(), names.Order());
        foreach (var (name, p) in loaded.named_parameters())
        {
            using var want = dtype == ArrayDType.BFloat16 ? expected[name].to(ScalarType.BFloat16).to(ScalarType.Float32) : expected[name].detach().clone();
            Assert.True(want.allclose(p, 0, 0), name);
        }

        using var directory = LlavaModelDirectory.Open(dir);
        Assert.Null(directory.FixedImagePositions);
        Assert.NotNull(directory.Anyres);
    }

    [Fact]
    public void MissingImageNewline_IsNamed()
    {
        string dir = temp.File("next");
        TinyHfLlavaNext.Write(dir, 3);
        // Same weights under a 1.5 config (no image_newline parameter) → image_newline is unexpected; a 1.5 checkpoint under the 1.6
        // config → image_newline missing.
        string v15 = temp.File("v15");
        TinyHfLlava.Write(v15, 3);
        File.WriteAllText(Path.Combine(v15, "config.json"), TinyHfLlavaNext.Config.ToJson());
        var e = Assert.Throws<PidGpu.PidInputException>(() => LlavaCheckpoint.Load(v15));
        Assert.Contains("missing tensor 'image_newline'", e.Message);
        File.WriteAllText(Path.Combine(dir, "config.json"), TinyHfLlava.Config.ToJson());
        Assert.Contains("unexpected tensor 'image_newline'", Assert.Throws<PidGpu.PidInputException>(() => LlavaCheckpoint.Load(dir)).Message);
    }

    [Theory]
    [InlineData("\"vision_feature_select_strategy\": \"full\",", "must be 'default' for llava_next")]
    [InlineData("\"image_grid_pinpoints\": [[16, 20]],", "not a multiple of the vision image_size 16")]
    [InlineData("\"image_grid_pinpoints\": [[16]],", "pairs of positive integers")]
    public void BadNextConfig_IsNamed(string field, string message)
    {
        string json = TinyHfLlavaNext.Config.ToJson().Replace("\"image_grid_pinpoints\"", "\"unused_pinpoints\"")
            .Replace("\"vision_feature_select_strategy\": \"default\",", "");
        json = json.Replace("\"model_type\": \"llava_next\",", "\"model_type\": \"llava_next\", " + field);
        Assert.Contains(message, Assert.Throws<PidGpu.PidInputException>(() => LlavaConfig.Parse(json)).Message);
    }

    [Fact]
    public void ArchitectureAndModelType_MustAgree()
    {
        string dir = temp.File("mixed");
        TinyHfLlavaNext.Write(dir, 3);
        string json = File.ReadAllText(Path.Combine(dir, "config.json")).Replace("LlavaNextForConditionalGeneration", "LlavaForConditionalGeneration");
        File.WriteAllText(Path.Combine(dir, "config.json"), json);
        Assert.Contains("model_type is 'llava_next'", Assert.Throws<PidGpu.PidInputException>(() => LlavaModelDirectory.Open(dir)).Message);
    }

    [Fact]
    public void PreprocessorPinpoints_MustBeTheConfigs()
    {
        string dir = temp.File("next");
        TinyHfLlavaNext.Write(dir, 3);
        string processor = Path.Combine(dir, "preprocessor_config.json");
        File.WriteAllText(processor, "{\"size\": {\"shortest_edge\": 16}, \"crop_size\": {\"height\": 16, \"width\": 16}, " +
            "\"image_grid_pinpoints\": [[16, 32], [32, 16], [32, 32], [48, 16], [16, 48]]}");
        using (var open = LlavaModelDirectory.Open(dir))
            Assert.Equal(TinyHfLlavaNext.Pinpoints, open.Anyres!.Pinpoints);
        File.WriteAllText(processor, "{\"image_grid_pinpoints\": [[16, 32], [32, 16]]}");
        var e = Assert.Throws<PidGpu.PidInputException>(() => LlavaModelDirectory.Open(dir));
        Assert.Contains("image_grid_pinpoints [[16,32],[32,16]] differ from config.json's [[16,32],[32,16],[32,32],[48,16],[16,48]]", e.Message);
    }

    /// <summary>
    /// A 40 × 30 image on the tiny geometry (hand-derived as in VisionAnyresLayoutTests): (16,32): s = min(0.8, 0.533) → 21 · 16
    /// = 336 pixels kept; (32,16): s = 0.4 → 16 · 12 = 192; (32,32): s = 0.8 → 32 · 24 = 768 (best); (48,16): 192; (16,48): 336.
    /// 2 × 2 tiles → 8 × 8 features; 40/30 > 1, so rows: int(30 · 8/40) = 6, padding (8 − 6) / 2 = 1 → rows 1..6 of 8, all 8
    /// columns. Sequence: 16 base features, then 6 rows of 8 features and a newline: 16 + 6 · 9 = 70 positions.
    /// </summary>
    [Fact]
    public void AnyresFeatures_AreBaseThenUnpaddedTileGridRowByRow_EachRowEndingInImageNewline()
    {
        torch.manual_seed(11);
        using var model = new LlavaModel(TinyHfLlavaNext.Config);
        model.eval();
        var processor = new AnyresImageProcessor(new LlavaImageProcessor(16, 16), TinyHfLlavaNext.Pinpoints, 4);
        var pixels = processor.Preprocess(new RgbImage(40, 30, LcgPixels.Generate(40, 30, 5)));
        Assert.Equal(4, pixels.Layout.Tiles);
        Assert.Equal(70, pixels.Layout.Positions);

        using var _ = torch.no_grad();
        using var packed = model.AnyresFeatures(pixels);                                     // [1, 70, 48]
        using var crops = model.ImageFeatures(torch.tensor(pixels.Values).view(5, 3, 16, 16)); // [5, 16, 48]: base, 4 tiles
        var newline = model.named_parameters().Single(p => p.name == "image_newline").parameter;
        Assert.Equal([1L, 70, 48], packed.shape);
        Assert.True(packed[0, ..16].allclose(crops[0], 0, 0), "base image features first");
        for (int r = 0; r < 6; r++)
        {
            for (int c = 0; c < 8; c++)
            {
                int gridRow = r + 1, tile = 1 + (gridRow / 4) * 2 + c / 4, patch = (gridRow % 4) * 4 + c % 4;
                Assert.True(packed[0, 16 + r * 9 + c].allclose(crops[tile, patch], 0, 0), $"row {r} column {c}");
            }
            Assert.True(packed[0, 16 + r * 9 + 8].allclose(newline, 0, 0), $"newline after row {r}");
        }

        // A forward pass takes exactly those 70 positions.
        long[] ids = [1, .. Enumerable.Repeat((long)TinyHfLlava.ImageToken, 70), 450, 13];
        using var input = torch.tensor(ids).view(1, -1);
        using var output = model.Forward(input, pixels);
        Assert.True(output.ImageFeatures!.allclose(packed, 0, 0));
        using var short1 = torch.tensor(ids[..^3].Append(13L).ToArray()).view(1, -1); // one image token fewer
        Assert.Contains("69 image tokens", Assert.Throws<PidGpu.PidInputException>(() => model.Forward(short1, pixels)).Message);
        using var single = torch.zeros(1, 3, 16, 16);
        Assert.Throws<PidGpu.PidInputException>(() => model.Forward(input, single));
    }
}

using System.Text;
using PidGpu.Formats.Arrays;
using PidGpu.Models;
using PidGpu.Models.Llava;
using PidGpu.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace PidGpu.Tests;

/// <summary>Hugging Face-layout tiny checkpoints: load, run, save/load, both naming schemes, shards, dtypes, and clear errors.</summary>
public sealed class LlavaModelCheckpointTests : IDisposable
{
    private readonly string _root = TinyLlavaCheckpoint.TempDir();

    public LlavaModelCheckpointTests() => TorchRuntime.EnsureLoaded();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    string Dir(string name) => Path.Combine(_root, name);

    // [BOS, 16 image tokens, 3 question tokens]
    internal static long[] Ids() => [1, .. Enumerable.Repeat((long)TinyLlavaCheckpoint.ImageToken, TinyLlavaCheckpoint.ImageTokens), 5, 17, 42];

    internal static float[] AllLogits(LlavaModel model)
    {
        using var _ = torch.no_grad();
        using var ids = torch.tensor(Ids()).view(1, -1);
        using var pixels = torch.tensor(TinyLlavaCheckpoint.Pixels(7)).view(1, 3, 16, 16);
        using var output = model.Forward(ids, pixels, new LlavaForwardOptions { AllPositions = true });
        return output.Logits.data<float>().ToArray();
    }

    static float[] LoadAndRun(string dir)
    {
        using var model = LlavaCheckpoint.Load(dir);
        return AllLogits(model);
    }

    [Fact]
    public void Load_RunsWithHfShapes_AndFiniteLogits()
    {
        TinyLlavaCheckpoint.Write(Dir("a"), TinyLlavaCheckpoint.Values(1));
        using var model = LlavaCheckpoint.Load(Dir("a"));
        Assert.Equal(16, model.Config.ImageTokensPerImage);
        using var _ = torch.no_grad();
        using var ids = torch.tensor(Ids()).view(1, -1);
        using var pixels = torch.tensor(TinyLlavaCheckpoint.Pixels(7)).view(1, 3, 16, 16);
        using var output = model.Forward(ids, pixels, new LlavaForwardOptions { HiddenStates = true });
        Assert.Equal(new long[] { 1, 64 }, output.Logits.shape);
        Assert.Equal(3, output.HiddenStates!.Count); // embeddings + 2 layers
        Assert.All(output.HiddenStates, h => Assert.Equal(new long[] { 1, 20, 48 }, h.shape));
        Assert.Equal(new long[] { 1, 16, 48 }, output.ImageFeatures!.shape);
        Assert.All(output.Logits.data<float>().ToArray(), v => Assert.True(float.IsFinite(v)));
        // Different weights really give different logits (the comparisons below are not vacuous).
        TinyLlavaCheckpoint.Write(Dir("b"), TinyLlavaCheckpoint.Values(2));
        Assert.NotEqual(AllLogits(model), LoadAndRun(Dir("b")));
    }

    [Fact]
    public void NamingSchemes_AndSharding_GiveIdenticalLogits()
    {
        var values = TinyLlavaCheckpoint.Values(3);
        TinyLlavaCheckpoint.Write(Dir("older"), values);
        TinyLlavaCheckpoint.Write(Dir("newer"), values, newerNames: true);
        TinyLlavaCheckpoint.Write(Dir("sharded"), values, newerNames: true, shards: 3);
        TinyLlavaCheckpoint.Write(Dir("older-sharded"), values, shards: 2);
        float[] expected = LoadAndRun(Dir("older"));
        Assert.Equal(expected, LoadAndRun(Dir("newer")));
        Assert.Equal(expected, LoadAndRun(Dir("sharded")));
        Assert.Equal(expected, LoadAndRun(Dir("older-sharded")));
    }

    [Theory]
    [InlineData(ArrayDType.Float16)]
    [InlineData(ArrayDType.BFloat16)]
    public void HalfPrecisionStorage_EqualsFloat32OfTheSameValues(ArrayDType dtype)
    {
        var values = TinyLlavaCheckpoint.Values(4, roundTo: dtype); // exactly representable in dtype
        TinyLlavaCheckpoint.Write(Dir("f32"), values);
        TinyLlavaCheckpoint.Write(Dir("half"), values, dtype);
        Assert.True(new FileInfo(Path.Combine(Dir("half"), "model.safetensors")).Length < new FileInfo(Path.Combine(Dir("f32"), "model.safetensors")).Length);
        Assert.Equal(LoadAndRun(Dir("f32")), LoadAndRun(Dir("half")));
    }

    [Theory]
    [InlineData(LlavaNaming.Older, null)]
    [InlineData(LlavaNaming.Newer, 20_000L)]
    public void SaveLoadRoundTrip_GivesIdenticalLogits(LlavaNaming naming, long? shardBytes)
    {
        TinyLlavaCheckpoint.Write(Dir("in"), TinyLlavaCheckpoint.Values(5));
        using var model = LlavaCheckpoint.Load(Dir("in"));
        LlavaCheckpoint.Save(model, Dir("out"), naming, maxShardBytes: shardBytes);
        bool sharded = File.Exists(Path.Combine(Dir("out"), LlavaCheckpoint.IndexFile));
        Assert.Equal(shardBytes is not null, sharded);
        Assert.Equal(AllLogits(model), LoadAndRun(Dir("out")));
        // The saved names are the Hugging Face ones of the chosen scheme.
        string first = sharded ? Directory.GetFiles(Dir("out"), "model-00001-of-*.safetensors").Single() : Path.Combine(Dir("out"), "model.safetensors");
        var names = SafetensorsReader.TensorNames(first);
        Assert.Contains(naming == LlavaNaming.Older ? "vision_tower.vision_model.embeddings.class_embedding" : "model.vision_tower.vision_model.embeddings.class_embedding", names);
    }

    [Fact]
    public void MissingTensor_IsNamed()
    {
        const string gone = "language_model.model.layers.1.mlp.up_proj.weight";
        TinyLlavaCheckpoint.Write(Dir("m"), TinyLlavaCheckpoint.Values(6), rename: (n, s) => n == gone ? null : (n, s, ArrayDType.Float32));
        var ex = Assert.Throws<PidInputException>(() => LlavaCheckpoint.Load(Dir("m")));
        Assert.Contains($"missing tensor '{gone}'", ex.Message);
    }

    [Fact]
    public void WrongShape_IsNamed()
    {
        const string bad = "model.language_model.layers.0.self_attn.k_proj.weight";
        TinyLlavaCheckpoint.Write(Dir("s"), TinyLlavaCheckpoint.Values(6), newerNames: true,
            rename: (n, s) => n == bad ? (n, [48, 48], ArrayDType.Float32) : (n, s, ArrayDType.Float32));
        var ex = Assert.Throws<PidInputException>(() => LlavaCheckpoint.Load(Dir("s")));
        Assert.Contains(bad, ex.Message);
        Assert.Contains("[48, 48]", ex.Message);
        Assert.Contains("[24, 48]", ex.Message);
    }

    [Fact]
    public void UnsupportedDtype_IsNamed()
    {
        TinyLlavaCheckpoint.Write(Dir("d"), TinyLlavaCheckpoint.Values(6));
        // Same-length edit of the header: F32 → I32 for one tensor, offsets unchanged.
        string path = Path.Combine(Dir("d"), "model.safetensors");
        byte[] bytes = File.ReadAllBytes(path);
        string header = Encoding.ASCII.GetString(bytes, 8, (int)BitConverter.ToUInt64(bytes, 0));
        const string key = "\"language_model.model.norm.weight\":{\"dtype\":\"F32\"";
        int at = header.IndexOf(key, StringComparison.Ordinal);
        Assert.True(at >= 0);
        bytes[8 + at + key.Length - 4] = (byte)'I';
        File.WriteAllBytes(path, bytes);
        var ex = Assert.Throws<PidInputException>(() => LlavaCheckpoint.Load(Dir("d")));
        Assert.Contains("language_model.model.norm.weight", ex.Message);
        Assert.Contains("'I32'", ex.Message);
    }

    [Fact]
    public void UnexpectedTensor_AndMissingShard_AreNamed()
    {
        TinyLlavaCheckpoint.Write(Dir("u"), TinyLlavaCheckpoint.Values(6),
            rename: (n, s) => n == "language_model.model.norm.weight" ? ("language_model.model.extra_norm.weight", s, ArrayDType.Float32) : (n, s, ArrayDType.Float32));
        var ex = Assert.Throws<PidInputException>(() => LlavaCheckpoint.Load(Dir("u")));
        Assert.Contains("language_model.model.norm.weight", ex.Message); // reported missing first

        TinyLlavaCheckpoint.Write(Dir("x"), TinyLlavaCheckpoint.Values(6), rename: (n, s) => n.StartsWith("multi", StringComparison.Ordinal) ? ("foo." + n, s, ArrayDType.Float32) : (n, s, ArrayDType.Float32));
        ex = Assert.Throws<PidInputException>(() => LlavaCheckpoint.Load(Dir("x")));
        Assert.Contains("unexpected tensor 'foo.multi_modal_projector.", ex.Message);

        TinyLlavaCheckpoint.Write(Dir("sh"), TinyLlavaCheckpoint.Values(6), shards: 2);
        File.Delete(Path.Combine(Dir("sh"), "model-00002-of-00002.safetensors"));
        ex = Assert.Throws<PidInputException>(() => LlavaCheckpoint.Load(Dir("sh")));
        Assert.Contains("model-00002-of-00002.safetensors", ex.Message);
    }

    [Fact]
    public void Config_MissingOrBadFields_AreNamed()
    {
        string noVision = TinyLlavaCheckpoint.ConfigJson.Replace("\"vision_config\"", "\"vision_cfg\"");
        Assert.Contains("'vision_config'", Assert.Throws<PidInputException>(() => LlavaConfig.Parse(noVision)).Message);
        string relu = TinyLlavaCheckpoint.ConfigJson.Replace("\"quick_gelu\"", "\"relu\"");
        Assert.Contains("'vision_config.hidden_act'", Assert.Throws<PidInputException>(() => LlavaConfig.Parse(relu)).Message);
        string text = TinyLlavaCheckpoint.ConfigJson.Replace("\"hidden_size\": 48", "\"hidden_size\": \"48\"");
        Assert.Contains("'text_config.hidden_size'", Assert.Throws<PidInputException>(() => LlavaConfig.Parse(text)).Message);
        string gqa = TinyLlavaCheckpoint.ConfigJson.Replace("\"num_key_value_heads\": 2", "\"num_key_value_heads\": 3");
        Assert.Contains("num_key_value_heads", Assert.Throws<PidInputException>(() => LlavaConfig.Parse(gqa)).Message);
        Assert.Contains("'vision_feature_select_strategy'", Assert.Throws<PidInputException>(() => LlavaConfig.Parse(
            TinyLlavaCheckpoint.ConfigJson.Replace("\"default\"", "\"cls\""))).Message);
        var ok = LlavaConfig.Parse(TinyLlavaCheckpoint.ConfigJson);
        Assert.Equal(ok, LlavaConfig.Parse(ok.ToJson()));
    }
}

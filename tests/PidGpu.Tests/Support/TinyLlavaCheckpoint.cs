using System.Runtime.InteropServices;
using System.Text.Json;
using PidGpu.Formats.Arrays;

namespace PidGpu.Tests.Support;

/// <summary>
/// Writes a tiny random LLaVA checkpoint in exactly the Hugging Face layout, with names and shapes listed here by hand (not
/// taken from the model code): CLIP 2 layers width 32, Llama 2 layers width 48 with 4 query / 2 key-value heads, vocab 64,
/// 16×16 images in 4×4 patches (16 image tokens per image).
/// </summary>
internal static class TinyLlavaCheckpoint
{
    public const int ImageToken = 63, Vocab = 64, ImageTokens = 16, TextWidth = 48;

    public const string ConfigJson = """
        {
          "architectures": ["LlavaForConditionalGeneration"],
          "model_type": "llava",
          "image_token_index": 63,
          "projector_hidden_act": "gelu",
          "vision_feature_layer": -2,
          "vision_feature_select_strategy": "default",
          "vision_config": {
            "model_type": "clip_vision_model", "hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 2,
            "num_attention_heads": 4, "image_size": 16, "patch_size": 4, "layer_norm_eps": 1e-05, "hidden_act": "quick_gelu"
          },
          "text_config": {
            "model_type": "llama", "hidden_size": 48, "intermediate_size": 96, "num_hidden_layers": 2, "num_attention_heads": 4,
            "num_key_value_heads": 2, "rms_norm_eps": 1e-06, "rope_theta": 10000.0, "vocab_size": 64,
            "max_position_embeddings": 128, "rope_scaling": null, "torch_dtype": "float16"
          }
        }
        """;

    /// <summary>Older-scheme names and shapes, in the order transformers writes them.</summary>
    public static List<(string Name, long[] Shape)> Tensors()
    {
        var t = new List<(string, long[])>();
        const string V = "vision_tower.vision_model.";
        t.Add((V + "embeddings.class_embedding", [32]));
        t.Add((V + "embeddings.patch_embedding.weight", [32, 3, 4, 4]));
        t.Add((V + "embeddings.position_embedding.weight", [17, 32]));
        t.Add((V + "pre_layrnorm.weight", [32]));
        t.Add((V + "pre_layrnorm.bias", [32]));
        for (int i = 0; i < 2; i++)
        {
            string l = $"{V}encoder.layers.{i}.";
            foreach (string p in new[] { "k_proj", "v_proj", "q_proj", "out_proj" })
            {
                t.Add(($"{l}self_attn.{p}.weight", [32, 32]));
                t.Add(($"{l}self_attn.{p}.bias", [32]));
            }
            t.Add((l + "layer_norm1.weight", [32]));
            t.Add((l + "layer_norm1.bias", [32]));
            t.Add((l + "mlp.fc1.weight", [64, 32]));
            t.Add((l + "mlp.fc1.bias", [64]));
            t.Add((l + "mlp.fc2.weight", [32, 64]));
            t.Add((l + "mlp.fc2.bias", [32]));
            t.Add((l + "layer_norm2.weight", [32]));
            t.Add((l + "layer_norm2.bias", [32]));
        }
        t.Add((V + "post_layernorm.weight", [32]));
        t.Add((V + "post_layernorm.bias", [32]));
        t.Add(("multi_modal_projector.linear_1.weight", [48, 32]));
        t.Add(("multi_modal_projector.linear_1.bias", [48]));
        t.Add(("multi_modal_projector.linear_2.weight", [48, 48]));
        t.Add(("multi_modal_projector.linear_2.bias", [48]));
        const string M = "language_model.model.";
        t.Add((M + "embed_tokens.weight", [64, 48]));
        for (int i = 0; i < 2; i++)
        {
            string l = $"{M}layers.{i}.";
            t.Add((l + "self_attn.q_proj.weight", [48, 48]));
            t.Add((l + "self_attn.k_proj.weight", [24, 48]));
            t.Add((l + "self_attn.v_proj.weight", [24, 48]));
            t.Add((l + "self_attn.o_proj.weight", [48, 48]));
            t.Add((l + "mlp.gate_proj.weight", [96, 48]));
            t.Add((l + "mlp.up_proj.weight", [96, 48]));
            t.Add((l + "mlp.down_proj.weight", [48, 96]));
            t.Add((l + "input_layernorm.weight", [48]));
            t.Add((l + "post_attention_layernorm.weight", [48]));
        }
        t.Add((M + "norm.weight", [48]));
        t.Add(("language_model.lm_head.weight", [64, 48]));
        return t;
    }

    /// <summary>The newer transformers name of an older one.</summary>
    public static string Newer(string older) =>
        older.StartsWith("language_model.model.", StringComparison.Ordinal) ? "model.language_model." + older["language_model.model.".Length..]
        : older.StartsWith("language_model.lm_head.", StringComparison.Ordinal) ? "lm_head." + older["language_model.lm_head.".Length..]
        : "model." + older;

    /// <summary>Seeded values: norm weights near 1, everything else small; rounded to <paramref name="roundTo"/>'s precision.</summary>
    public static Dictionary<string, float[]> Values(int seed, ArrayDType roundTo = ArrayDType.Float32)
    {
        var rng = new Random(seed);
        var values = new Dictionary<string, float[]>();
        foreach (var (name, shape) in Tensors())
        {
            bool norm = name.Contains("norm") && name.EndsWith(".weight", StringComparison.Ordinal);
            float scale = name.Contains("embed") ? 0.5f : name.EndsWith(".bias", StringComparison.Ordinal) ? 0.05f : 0.25f;
            var v = new float[shape.Aggregate(1L, (a, d) => a * d)];
            for (int i = 0; i < v.Length; i++)
                v[i] = Round((norm ? 1f : 0f) + scale * (float)(2 * rng.NextDouble() - 1), roundTo);
            values[name] = v;
        }
        return values;
    }

    static float Round(float x, ArrayDType to) => to switch
    {
        ArrayDType.Float16 => (float)(Half)x,
        ArrayDType.BFloat16 => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(x) & unchecked((int)0xFFFF0000)),
        _ => x,
    };

    /// <summary>Writes config.json and the tensors (renamed by <paramref name="rename"/>, null = dropped), in one file or
    /// <paramref name="shards"/> files with an index.</summary>
    public static void Write(string dir, Dictionary<string, float[]> values, ArrayDType dtype = ArrayDType.Float32, bool newerNames = false,
        int shards = 1, Func<string, long[], (string Name, long[] Shape, ArrayDType DType)?>? rename = null, string config = ConfigJson)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "config.json"), config);
        var entries = new List<SafetensorsEntry>();
        foreach (var (name, shape) in Tensors())
        {
            var target = (newerNames ? Newer(name) : name, shape, dtype);
            var entry = rename is null ? target : rename(target.Item1, shape);
            if (entry is not { } e) continue;
            float[] v = values[name];
            entries.Add(new SafetensorsEntry(e.Name, e.DType, e.Shape, s => s.Write(Encode(v, e.DType, e.Shape))));
        }
        var metadata = new Dictionary<string, string> { ["format"] = "pt" };
        if (shards == 1)
        {
            SafetensorsWriter.Write(Path.Combine(dir, "model.safetensors"), entries, metadata);
            return;
        }
        var map = new Dictionary<string, string>();
        int per = (entries.Count + shards - 1) / shards;
        for (int s = 0; s < shards; s++)
        {
            string file = $"model-{s + 1:D5}-of-{shards:D5}.safetensors";
            var part = entries.Skip(s * per).Take(per).ToList();
            SafetensorsWriter.Write(Path.Combine(dir, file), part, metadata);
            foreach (var e in part) map[e.Name] = file;
        }
        File.WriteAllText(Path.Combine(dir, "model.safetensors.index.json"),
            JsonSerializer.Serialize(new { metadata = new { total_size = 0 }, weight_map = map }));
    }

    // Bytes for a declared shape/dtype; a deliberately wrong shape gets zero padding or truncation so only the header lies.
    static byte[] Encode(float[] v, ArrayDType dtype, long[] shape)
    {
        long n = shape.Aggregate(1L, (a, d) => a * d);
        var f = new float[n];
        Array.Copy(v, f, Math.Min(n, v.Length));
        return dtype switch
        {
            ArrayDType.Float32 => MemoryMarshal.AsBytes(f.AsSpan()).ToArray(),
            ArrayDType.Float16 => MemoryMarshal.AsBytes(f.Select(x => (Half)x).ToArray().AsSpan()).ToArray(),
            ArrayDType.BFloat16 => MemoryMarshal.AsBytes(f.Select(x => (ushort)(BitConverter.SingleToInt32Bits(x) >>> 16)).ToArray().AsSpan()).ToArray(),
            _ => MemoryMarshal.AsBytes(f.Select(x => (double)x).ToArray().AsSpan()).ToArray(),
        };
    }

    /// <summary>A fresh temporary directory (the caller deletes it).</summary>
    public static string TempDir() => Directory.CreateTempSubdirectory("pidgpu-llava-").FullName;

    /// <summary>Seeded pixel values [1, 3, 16, 16] as a flat array.</summary>
    public static float[] Pixels(int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, 3 * 16 * 16).Select(_ => (float)(2 * rng.NextDouble() - 1)).ToArray();
    }
}

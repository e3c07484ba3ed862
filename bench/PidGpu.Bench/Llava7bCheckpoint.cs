using System.Runtime.InteropServices;
using System.Text.Json;
using PidGpu.Formats.Arrays;
using PidGpu.Models.Llava;

namespace PidGpu.Bench;

/// <summary>
/// A random LLaVA-1.5-7B checkpoint in the llava-hf layout, generated while it is written: the real shapes of
/// <c>llava-hf/llava-1.5-7b-hf</c> (CLIP ViT-L/14 at 336 pixels, 24 blocks of 1024; mlp2x_gelu projector; Llama 2 7B, 32 blocks of
/// 4096, MLP 11008, vocabulary 32,064), BF16, in shards of at most 5 GB with <c>model.safetensors.index.json</c>. Values are
/// random BF16 numbers of magnitude 2^-11 to 2^-7 (norm weights 1), never held in memory beyond one 16 MB buffer.
/// </summary>
internal static class Llava7bCheckpoint
{
    public static LlavaConfig Config { get; } = new(
        new ClipVisionConfig(1024, 4096, 24, 16, 336, 14, 1e-5),
        new LlamaTextConfig(4096, 11008, 32, 32, 32, 1e-5, 10000, 32064, 4096),
        ImageTokenIndex: 32000, VisionFeatureLayer: -2);

    /// <summary>The same layout at toy widths (2 vision and 4 decoder blocks, 576 image positions, the real vocabulary): a
    /// seconds-long check of the benchmark's route (<c>llava7b --small</c>).</summary>
    public static LlavaConfig Small { get; } = new(
        new ClipVisionConfig(64, 128, 2, 4, 336, 14, 1e-5),
        new LlamaTextConfig(128, 256, 4, 4, 4, 1e-5, 10000, 32064, 4096),
        ImageTokenIndex: 32000, VisionFeatureLayer: -2);

    const long ShardBytes = 5L << 30;

    /// <summary>Writes config.json, the shards and their index into <paramref name="directory"/>; returns the bytes of weights.</summary>
    public static long Write(string directory, LlavaConfig config, ulong seed)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "config.json"), config.ToJson());
        // The model's names are llava-hf's older tensor names (language_model.model.*), which the loader reads as they are.
        var entries = Tensors(config).Select(t => new SafetensorsEntry(t.Name, ArrayDType.BFloat16, t.Shape,
            stream => WriteRandom(stream, t.Shape.Aggregate(1L, (a, d) => a * d), IsNormWeight(t.Name), seed++))).ToList();
        var shards = new List<List<SafetensorsEntry>> { new() };
        long size = 0;
        foreach (var e in entries)
        {
            if (size > 0 && size + e.ByteCount > ShardBytes) { shards.Add([]); size = 0; }
            shards[^1].Add(e);
            size += e.ByteCount;
        }
        var weightMap = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < shards.Count; i++)
        {
            string name = $"model-{i + 1:D5}-of-{shards.Count:D5}.safetensors";
            string path = Path.Combine(directory, name);
            SafetensorsWriter.Write(path, shards[i], new Dictionary<string, string> { ["format"] = "pt" });
            DropFromPageCache(path);
            foreach (var e in shards[i]) weightMap[e.Name] = name;
            Console.Error.WriteLine($"  wrote {name} ({new FileInfo(path).Length / 1e9:F2} GB)");
        }
        long total = entries.Sum(e => e.ByteCount);
        var index = new { metadata = new { total_size = total }, weight_map = weightMap };
        File.WriteAllText(Path.Combine(directory, LlavaCheckpoint.IndexFile), JsonSerializer.Serialize(index));
        return total;
    }

    /// <summary>Every parameter (model names) with its shape under <paramref name="c"/>. Checked against a real LlavaModel's
    /// parameters by <see cref="CheckAgainstModel"/>.</summary>
    public static IEnumerable<(string Name, long[] Shape)> Tensors(LlavaConfig c)
    {
        var (v, t) = (c.Vision, c.Text);
        const string vm = "vision_tower.vision_model.";
        yield return (vm + "embeddings.class_embedding", [v.HiddenSize]);
        yield return (vm + "embeddings.patch_embedding.weight", [v.HiddenSize, v.NumChannels, v.PatchSize, v.PatchSize]);
        yield return (vm + "embeddings.position_embedding.weight", [v.NumPositions, v.HiddenSize]);
        foreach (var p in new[] { "weight", "bias" }) yield return (vm + "pre_layrnorm." + p, [v.HiddenSize]);
        for (int i = 0; i < v.NumHiddenLayers; i++)
        {
            string l = $"{vm}encoder.layers.{i}.";
            foreach (var proj in new[] { "k_proj", "v_proj", "q_proj", "out_proj" })
            {
                yield return (l + $"self_attn.{proj}.weight", [v.HiddenSize, v.HiddenSize]);
                yield return (l + $"self_attn.{proj}.bias", [v.HiddenSize]);
            }
            foreach (var norm in new[] { "layer_norm1", "layer_norm2" })
                foreach (var p in new[] { "weight", "bias" }) yield return (l + $"{norm}.{p}", [v.HiddenSize]);
            yield return (l + "mlp.fc1.weight", [v.IntermediateSize, v.HiddenSize]);
            yield return (l + "mlp.fc1.bias", [v.IntermediateSize]);
            yield return (l + "mlp.fc2.weight", [v.HiddenSize, v.IntermediateSize]);
            yield return (l + "mlp.fc2.bias", [v.HiddenSize]);
        }
        foreach (var p in new[] { "weight", "bias" }) yield return (vm + "post_layernorm." + p, [v.HiddenSize]);
        yield return ("multi_modal_projector.linear_1.weight", [t.HiddenSize, v.HiddenSize]);
        yield return ("multi_modal_projector.linear_1.bias", [t.HiddenSize]);
        yield return ("multi_modal_projector.linear_2.weight", [t.HiddenSize, t.HiddenSize]);
        yield return ("multi_modal_projector.linear_2.bias", [t.HiddenSize]);
        yield return ("language_model.model.embed_tokens.weight", [t.VocabSize, t.HiddenSize]);
        long q = (long)t.NumAttentionHeads * t.HeadDim, kv = (long)t.NumKeyValueHeads * t.HeadDim;
        for (int i = 0; i < t.NumHiddenLayers; i++)
        {
            string l = $"language_model.model.layers.{i}.";
            yield return (l + "self_attn.q_proj.weight", [q, t.HiddenSize]);
            yield return (l + "self_attn.k_proj.weight", [kv, t.HiddenSize]);
            yield return (l + "self_attn.v_proj.weight", [kv, t.HiddenSize]);
            yield return (l + "self_attn.o_proj.weight", [t.HiddenSize, q]);
            yield return (l + "mlp.gate_proj.weight", [t.IntermediateSize, t.HiddenSize]);
            yield return (l + "mlp.up_proj.weight", [t.IntermediateSize, t.HiddenSize]);
            yield return (l + "mlp.down_proj.weight", [t.HiddenSize, t.IntermediateSize]);
            yield return (l + "input_layernorm.weight", [t.HiddenSize]);
            yield return (l + "post_attention_layernorm.weight", [t.HiddenSize]);
        }
        yield return ("language_model.model.norm.weight", [t.HiddenSize]);
        yield return ("language_model.lm_head.weight", [t.VocabSize, t.HiddenSize]);
    }

    /// <summary>
    /// Checks <see cref="Tensors"/> against the parameters of a real <see cref="LlavaModel"/> with the 7B layer counts and small,
    /// pairwise different widths (so a swapped dimension shows), before gigabytes are written.
    /// </summary>
    public static void CheckAgainstModel()
    {
        var small = new LlavaConfig(new ClipVisionConfig(8, 12, Config.Vision.NumHiddenLayers, 2, 28, 14, 1e-5),
            new LlamaTextConfig(16, 20, Config.Text.NumHiddenLayers, 4, 2, 1e-5, 10000, 24, 64), 3, -2);
        using var model = new LlavaModel(small);
        var expected = model.named_parameters().Select(p => (p.name, Shape: string.Join("x", p.parameter.shape))).OrderBy(p => p.name, StringComparer.Ordinal);
        var ours = Tensors(small).Select(t => (t.Name, Shape: string.Join("x", t.Shape))).OrderBy(p => p.Name, StringComparer.Ordinal);
        if (!expected.SequenceEqual(ours))
            throw new InvalidOperationException("the 7B tensor list does not match LlavaModel's parameters: " +
                string.Join(", ", expected.Except(ours).Take(5)) + " vs " + string.Join(", ", ours.Except(expected).Take(5)));
    }

    static bool IsNormWeight(string name) =>
        name.EndsWith("norm.weight", StringComparison.Ordinal) || name.EndsWith("norm1.weight", StringComparison.Ordinal)
        || name.EndsWith("norm2.weight", StringComparison.Ordinal) || name.EndsWith("layrnorm.weight", StringComparison.Ordinal);

    // xorshift64*: four BF16 values per draw (sign bit, exponent 2^-11..2^-8, 7 mantissa bits).
    static void WriteRandom(Stream stream, long count, bool ones, ulong seed)
    {
        var buffer = new ushort[8 << 20];
        ulong x = seed * 0x9E3779B97F4A7C15UL + 1;
        while (count > 0)
        {
            int n = (int)Math.Min(buffer.Length, count);
            if (ones) Array.Fill(buffer, (ushort)0x3F80, 0, n); // 1.0
            else
                for (int i = 0; i < n; i += 4)
                {
                    x ^= x >> 12; x ^= x << 25; x ^= x >> 27;
                    ulong r = x * 0x2545F4914F6CDD1DUL;
                    for (int k = 0; k < 4 && i + k < n; k++, r >>= 16)
                        buffer[i + k] = (ushort)((r & 0x807F) | ((0x74 + ((r >> 8) & 3)) << 7));
                }
            stream.Write(MemoryMarshal.AsBytes(buffer.AsSpan(0, n)));
            count -= n;
        }
    }

    /// <summary>Flushes <paramref name="path"/> and asks the kernel to drop its pages, so loading starts from the disk
    /// (POSIX_FADV_DONTNEED touches only this file's pages, not other processes').</summary>
    static void DropFromPageCache(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.Flush(flushToDisk: true);
        if (OperatingSystem.IsLinux()) _ = PosixFadvise(file.SafeFileHandle.DangerousGetHandle().ToInt32(), 0, 0, 4);
    }

    [DllImport("libc", EntryPoint = "posix_fadvise")]
    static extern int PosixFadvise(int fd, long offset, long length, int advice);
}

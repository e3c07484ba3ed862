using System.Globalization;
using System.Text.Json;
using PidGpu.Formats.Arrays;
using TorchSharp;
using static TorchSharp.torch;

namespace PidGpu.Models.Llava;

public static partial class LlavaCheckpoint
{
    /// <summary>
    /// Saves <paramref name="model"/> in the Hugging Face layout: <c>config.json</c> and <c>model.safetensors</c>, or, when
    /// <paramref name="maxShardBytes"/> splits the tensors, <c>model-0000i-of-0000n.safetensors</c> + <c>model.safetensors.index.json</c>.
    /// Tensors are converted one at a time while writing. Each file is written beside its target and renamed over it, so a model
    /// loaded from the old file (whose parameters map it, see <see cref="Load"/>) keeps its bytes, even when it is the one being saved.
    /// </summary>
    /// <param name="dtype">Storage type: Float32, Float16 or BFloat16.</param>
    public static void Save(LlavaModel model, string directory, LlavaNaming naming = LlavaNaming.Older,
        ArrayDType dtype = ArrayDType.Float32, long? maxShardBytes = null)
    {
        ScalarType type = dtype switch
        {
            ArrayDType.Float32 => ScalarType.Float32,
            ArrayDType.Float16 => ScalarType.Float16,
            ArrayDType.BFloat16 => ScalarType.BFloat16,
            _ => throw new ArgumentException($"unsupported storage dtype {dtype}; use F32, F16 or BF16.", nameof(dtype)),
        };
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "config.json"), model.Config.ToJson());

        var entries = model.named_parameters().Select(p => new SafetensorsEntry(
            LlavaTensorNames.FromModel(p.name, naming), dtype, p.parameter.shape, stream => WriteTensor(p.parameter, type, stream))).ToList();
        var shards = Split(entries, maxShardBytes ?? long.MaxValue);
        var metadata = new Dictionary<string, string> { ["format"] = "pt" };
        if (shards.Count == 1)
        {
            Replace(Path.Combine(directory, SingleFile), path => SafetensorsWriter.Write(path, shards[0], metadata));
            return;
        }
        var weightMap = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < shards.Count; i++)
        {
            string name = string.Create(CultureInfo.InvariantCulture, $"model-{i + 1:D5}-of-{shards.Count:D5}.safetensors");
            Replace(Path.Combine(directory, name), path => SafetensorsWriter.Write(path, shards[i], metadata));
            foreach (var e in shards[i]) weightMap[e.Name] = name;
        }
        var index = new { metadata = new { total_size = entries.Sum(e => e.ByteCount) }, weight_map = weightMap };
        File.WriteAllText(Path.Combine(directory, IndexFile), JsonSerializer.Serialize(index, new JsonSerializerOptions { WriteIndented = true }));
    }

    static void Replace(string path, Action<string> write)
    {
        string temporary = path + ".writing";
        try
        {
            write(temporary);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    static List<List<SafetensorsEntry>> Split(List<SafetensorsEntry> entries, long maxShardBytes)
    {
        var shards = new List<List<SafetensorsEntry>> { new() };
        long size = 0;
        foreach (var e in entries)
        {
            if (size > 0 && size + e.ByteCount > maxShardBytes)
            {
                shards.Add([]);
                size = 0;
            }
            shards[^1].Add(e);
            size += e.ByteCount;
        }
        return shards;
    }

    static void WriteTensor(Tensor parameter, ScalarType type, Stream stream)
    {
        using var scope = NewDisposeScope();
        using var _ = torch.no_grad();
        var t = parameter.detach().to(type, torch.CPU).contiguous();
        stream.Write(t.bytes);
    }
}

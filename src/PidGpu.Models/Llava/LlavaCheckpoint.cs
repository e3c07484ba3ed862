using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace PidGpu.Models.Llava;

/// <summary>
/// Loads a Hugging Face LLaVA checkpoint directory (<c>config.json</c> + <c>model.safetensors</c>, or shards listed in
/// <c>model.safetensors.index.json</c>) in either naming scheme. A tensor stored in the model's dtype is not copied: its parameter
/// points into a private (copy-on-write) memory mapping of the file, so nothing is read until a forward pass uses it and the
/// pages are the kernel's page cache, which it can drop and re-read under memory pressure; a 7B BF16 checkpoint run in BF16
/// takes about its own size in memory. A tensor of another dtype is copied in row blocks and converted, so a checkpoint is
/// never held twice in memory.
/// </summary>
public static partial class LlavaCheckpoint
{
    public const string IndexFile = "model.safetensors.index.json";
    public const string SingleFile = "model.safetensors";

    // Larger tensors are copied in row blocks so the temporary stays small.
    const long CopyBlockBytes = 64L << 20;

    /// <exception cref="PidInputException">Bad config; missing files; a missing, unexpected or duplicate tensor; a shape
    /// mismatch; an unsupported dtype — each naming the tensor.</exception>
    public static LlavaModel Load(string directory, ScalarType dtype = ScalarType.Float32)
    {
        TorchRuntime.EnsureLoaded();
        var config = LlavaConfig.Load(directory);
        var files = new List<SafetensorsMappedFile>();
        try
        {
            foreach (string f in ShardFiles(directory)) files.Add(new SafetensorsMappedFile(f));
            var found = new Dictionary<string, (SafetensorsMappedFile File, SafetensorsTensorInfo Info)>();
            foreach (var file in files)
                foreach (var (name, info) in file.Tensors)
                {
                    string? ours = LlavaTensorNames.ToModel(name);
                    if (ours is null)
                    {
                        if (LlavaTensorNames.IsIgnorableBuffer(name)) continue;
                        throw new PidInputException($"{file.Path}: unexpected tensor '{name}' (not a LLaVA tensor name).");
                    }
                    if (LlavaTensorNames.IsIgnorableBuffer(ours)) continue;
                    if (!found.TryAdd(ours, (file, info)))
                        throw new PidInputException($"{file.Path}: tensor '{name}' appears twice (also in {found[ours].File.Path} as '{found[ours].Info.Name}').");
                }

            var model = new LlavaModel(config, dtype);
            var mappings = new Dictionary<(string, ScalarType), Tensor>();
            try
            {
                using (torch.no_grad())
                {
                    foreach (var (name, parameter) in model.named_parameters())
                    {
                        if (!found.Remove(name, out var source))
                            throw new PidInputException($"{directory}: missing tensor '{name}' (newer name '{LlavaTensorNames.FromModel(name, LlavaNaming.Newer)}'), shape [{string.Join(", ", parameter.shape)}].");
                        if (!TryMap(source.File, source.Info, parameter, mappings)) Copy(source.File, source.Info, parameter);
                    }
                }
            }
            catch
            {
                model.Dispose();
                throw;
            }
            finally
            {
                // The parameters' views keep each mapping alive; these whole-file handles are no longer needed.
                foreach (var m in mappings.Values) m.Dispose();
                if (mappings.Count > 0) NativeHeap.Trim();
            }
            if (found.Count > 0)
            {
                var (file, info) = found.Values.First();
                model.Dispose();
                throw new PidInputException($"{file.Path}: unexpected tensor '{info.Name}' with shape {info.ShapeText}: the configuration has no such parameter ({found.Count} unexpected in all).");
            }
            model.eval();
            return model;
        }
        finally
        {
            foreach (var f in files) f.Dispose();
        }
    }

    static IEnumerable<string> ShardFiles(string directory)
    {
        string index = Path.Combine(directory, IndexFile), single = Path.Combine(directory, SingleFile);
        if (!File.Exists(index))
            return File.Exists(single) ? [single]
                : throw new PidInputException($"{directory}: neither {SingleFile} nor {IndexFile} exists.");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(index));
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
                throw new PidInputException($"{index}: no \"weight_map\" object.");
            var shards = map.EnumerateObject().Select(p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()!
                : throw new PidInputException($"{index}: weight_map entry '{p.Name}' is not a file name.")).Distinct().ToList();
            foreach (string s in shards)
                if (s.Contains('/') || s.Contains('\\') || !File.Exists(Path.Combine(directory, s)))
                    throw new PidInputException($"{index}: shard '{s}' is missing from {directory}.");
            return shards.Select(s => Path.Combine(directory, s)).ToList();
        }
        catch (JsonException ex)
        {
            throw new PidInputException($"{index}: malformed JSON: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex) // System.Text.Json cannot read a name or string: invalid UTF-8 or an unpaired surrogate escape
        {
            throw new PidInputException($"{index}: a name or string is not valid text ({ex.Message}).", ex);
        }
    }

    /// <summary>
    /// Points <paramref name="parameter"/> at the tensor's bytes in a private mapping of the file (one per file and dtype, made by
    /// LibTorch's <c>from_file</c>) when the file holds the parameter's dtype, the parameter is on the CPU and the bytes are aligned
    /// for it; false leaves it to <see cref="Copy"/>.
    /// </summary>
    static bool TryMap(SafetensorsMappedFile file, SafetensorsTensorInfo info, Tensor parameter, Dictionary<(string, ScalarType), Tensor> mappings)
    {
        var (type, item, elements) = Checked(file, info, parameter);
        long offset = file.DataStart + info.Begin;
        if (type != parameter.dtype || parameter.device_type != DeviceType.CPU || elements == 0 || offset % item != 0) return false;
        if (!mappings.TryGetValue((file.Path, type), out var whole))
            mappings[(file.Path, type)] = whole = torch.from_file(file.Path, shared: false, size: file.Length / item, dtype: type);
        using var slice = whole.narrow(0, offset / item, elements);
        using var shaped = slice.view(info.Shape);
        var result = parameter.set_(shaped);
        if (!ReferenceEquals(result, parameter)) result.Dispose(); // TorchSharp versions differ: this one or a new handle
        return true;
    }

    static void Copy(SafetensorsMappedFile file, SafetensorsTensorInfo info, Tensor parameter)
    {
        var (type, item, elements) = Checked(file, info, parameter);
        if (elements == 0) return;
        long rows = info.Shape.Length == 0 ? 1 : info.Shape[0];
        long rowBytes = elements / rows * item;
        long block = Math.Max(1, Math.Min(rows, CopyBlockBytes / rowBytes));
        var flat = parameter.view(rows, -1);
        for (long r = 0; r < rows; r += block)
        {
            long n = Math.Min(block, rows - r);
            using var staged = torch.empty(new[] { n, elements / rows }, type);
            staged.bytes = file.Bytes(info, r * rowBytes, checked((int)(n * rowBytes)));
            using var target = flat.narrow(0, r, n);
            target.copy_(staged);
        }
    }

    /// <summary>The stored dtype, its item size and the element count, after checking dtype, shape and byte span against <paramref name="parameter"/>.</summary>
    static (ScalarType Type, int Item, long Elements) Checked(SafetensorsMappedFile file, SafetensorsTensorInfo info, Tensor parameter)
    {
        string source = $"{file.Path}:{info.Name}";
        ScalarType type = info.DType switch
        {
            "F16" => ScalarType.Float16,
            "BF16" => ScalarType.BFloat16,
            "F32" => ScalarType.Float32,
            "F64" => ScalarType.Float64,
            _ => throw new PidInputException($"{source}: unsupported dtype '{info.DType}'; supported: F16, BF16, F32, F64."),
        };
        if (!info.Shape.SequenceEqual(parameter.shape))
            throw new PidInputException($"{source}: shape {info.ShapeText} does not match the configuration's [{string.Join(", ", parameter.shape)}].");
        int item = type is ScalarType.Float16 or ScalarType.BFloat16 ? 2 : type == ScalarType.Float32 ? 4 : 8;
        long elements = info.Shape.Aggregate(1L, (a, d) => a * d);
        if (info.End - info.Begin != elements * item)
            throw new PidInputException($"{source}: data_offsets span {info.End - info.Begin} bytes, shape {info.ShapeText} of {info.DType} needs {elements * item}.");
        return (type, item, elements);
    }
}

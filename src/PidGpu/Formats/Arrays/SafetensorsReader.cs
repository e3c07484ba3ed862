using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;

namespace PidGpu.Formats.Arrays;

/// <summary>
/// Reads one tensor of a <c>.safetensors</c> file as a memory-mapped matrix:
/// an 8-byte little-endian header length, a JSON header
/// <c>{name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {...}}</c>, then little-endian data
/// (offsets count from the end of the header). Supported dtypes F16, BF16, F32, F64; shapes [N] → N×1 and [N, d].
/// </summary>
public static class SafetensorsReader
{
    /// <summary>The format's own limit on the JSON header.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>Tensor names in file order (without <c>__metadata__</c>).</summary>
    /// <exception cref="PidInputException">Missing file or a bad header.</exception>
    public static IReadOnlyList<string> TensorNames(string path)
    {
        using var stream = ArrayFile.OpenRead(path);
        using var doc = ReadHeader(stream, path, out _);
        return Names(doc.RootElement);
    }

    /// <param name="tensor">The tensor to read; null picks the only tensor of a single-tensor file.</param>
    /// <exception cref="PidInputException">Missing file, truncated or malformed header, unknown tensor (the message lists the names),
    /// unsupported dtype, a shape that is not 1-D or 2-D, an empty tensor, data_offsets that disagree with the shape or run past the file,
    /// or tensors (any of the file's) that overlap or leave bytes that belong to none (<see cref="SafetensorsLayout"/>).</exception>
    public static MappedMatrix Open(string path, string? tensor)
    {
        var stream = ArrayFile.OpenRead(path);
        try
        {
            using var doc = ReadHeader(stream, path, out long dataStart);
            var root = doc.RootElement;
            var names = Names(root);
            if (tensor is null)
            {
                if (names.Count != 1)
                    throw new PidInputException(names.Count == 0
                        ? $"{path}: the file contains no tensors."
                        : $"{path}: the file holds {names.Count} tensors; choose one with {path}:NAME ({List(names)}).");
                tensor = names[0];
            }
            string source = $"{path}:{tensor}";
            if (tensor == "__metadata__" || !root.TryGetProperty(tensor, out var entry))
                throw new PidInputException(names.Count == 0
                    ? $"{path}: no tensor named '{tensor}'; the file contains no tensors."
                    : $"{path}: no tensor named '{tensor}'; available: {List(names)}.");
            if (entry.ValueKind != JsonValueKind.Object)
                throw new PidInputException($"{source}: malformed safetensors header: the entry must be an object, got {entry.ValueKind}.");

            var dtype = DType(entry, source);
            var shape = Shape(entry, source);
            string shapeText = "[" + string.Join(", ", shape) + "]";
            if (shape.Length is 0 or > 2)
                throw new PidInputException($"{source}: the tensor has shape {shapeText} ({shape.Length}-D); expected 1-D [N] or 2-D [N, d].");
            long rows = shape[0], columns = shape.Length == 2 ? shape[1] : 1;
            if (rows == 0 || columns == 0)
                throw new PidInputException($"{source}: the tensor is empty (shape {shapeText}).");
            if (columns > int.MaxValue)
                throw new PidInputException($"{source}: {columns} columns is more than the supported {int.MaxValue}.");

            var (begin, end) = SafetensorsLayout.Offsets(entry, source);
            long? needed = ArrayFile.ByteCount(rows, columns, dtype.ItemSize());
            if (needed is null || end - begin != needed)
                throw new PidInputException($"{source}: data_offsets [{begin}, {end}] span {end - begin} bytes but shape {shapeText} of {dtype.Name()} needs {(needed is long b ? b.ToString(CultureInfo.InvariantCulture) : "more than 2^63")}.");
            long available = stream.Length - dataStart;
            if (end > available)
                throw new PidInputException($"{source}: data_offsets [{begin}, {end}] run past the end of the data: expected at least {end} bytes after the header, the file has {available} (truncated file?).");
            SafetensorsLayout.Check(root, path, available);
            return new MappedMatrix(stream, source, dataStart + begin, rows, (int)columns, dtype, bigEndian: false);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    static JsonDocument ReadHeader(FileStream stream, string path, out long dataStart)
    {
        long fileLength = stream.Length;
        if (fileLength < 8)
            throw new PidInputException($"{path}: truncated safetensors header: the file has only {fileLength} bytes (the 8-byte header length is missing).");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(ArrayFile.ReadBytes(stream, 0, 8, path));
        if (headerLength > (ulong)(fileLength - 8))
            throw new PidInputException($"{path}: the safetensors header length {headerLength} runs past the end of the file ({fileLength} bytes; truncated, or not a safetensors file?).");
        if (headerLength > MaxHeaderBytes)
            throw new PidInputException($"{path}: the safetensors header length {headerLength} exceeds the format's limit of {MaxHeaderBytes} bytes.");
        if (headerLength < 2)
            throw new PidInputException($"{path}: malformed safetensors header: {headerLength} bytes is too short for a JSON object.");
        dataStart = 8 + (long)headerLength;
        var bytes = ArrayFile.ReadBytes(stream, 8, (int)headerLength, path);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes); // trailing spaces (allowed padding) are fine
        }
        catch (JsonException ex)
        {
            string what = ex.Message;
            int cut = what.IndexOf(" Path:", StringComparison.Ordinal);
            if (cut > 0) what = what[..cut];
            throw new PidInputException($"{path}: malformed safetensors header JSON at byte {(ex.BytePositionInLine ?? 0) + 1}: {what}", ex);
        }
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            var kind = doc.RootElement.ValueKind;
            doc.Dispose();
            throw new PidInputException($"{path}: malformed safetensors header: the JSON must be an object, got {kind}.");
        }
        try { JsonText.Check(doc.RootElement, $"{path}: malformed safetensors header"); }
        catch { doc.Dispose(); throw; }
        return doc;
    }

    static List<string> Names(JsonElement root)
        => root.EnumerateObject().Select(p => p.Name).Where(n => n != "__metadata__").ToList();

    static string List(List<string> names)
    {
        const int Shown = 20;
        var quoted = names.Take(Shown).Select(n => $"'{n}'");
        return string.Join(", ", quoted) + (names.Count > Shown ? $", ... ({names.Count} in all)" : "");
    }

    static ArrayDType DType(JsonElement entry, string source)
    {
        if (!entry.TryGetProperty("dtype", out var d) || d.ValueKind != JsonValueKind.String)
            throw new PidInputException($"{source}: malformed safetensors header: missing or non-string \"dtype\".");
        return d.GetString() switch
        {
            "F16" => ArrayDType.Float16,
            "BF16" => ArrayDType.BFloat16,
            "F32" => ArrayDType.Float32,
            "F64" => ArrayDType.Float64,
            var other => throw new PidInputException($"{source}: unsupported dtype '{other}'; supported: F16, BF16, F32, F64."),
        };
    }

    static long[] Shape(JsonElement entry, string source)
    {
        if (!entry.TryGetProperty("shape", out var s) || s.ValueKind != JsonValueKind.Array)
            throw new PidInputException($"{source}: malformed safetensors header: missing or non-array \"shape\".");
        var shape = new long[s.GetArrayLength()];
        int i = 0;
        foreach (var v in s.EnumerateArray())
        {
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out shape[i]) || shape[i] < 0)
                throw new PidInputException($"{source}: malformed safetensors header: \"shape\" must hold non-negative integers, got {s.GetRawText()}.");
            i++;
        }
        return shape;
    }
}

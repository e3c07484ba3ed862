using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Text.Json;

namespace PidGpu.Models.Llava;

/// <summary>
/// A memory-mapped <c>.safetensors</c> file with every tensor of any rank (the library's SafetensorsReader serves 1-D/2-D
/// matrices only). Tensor bytes are read straight from the mapping, so loading never holds a second copy of the file.
/// </summary>
internal sealed unsafe class SafetensorsMappedFile : IDisposable
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _base;
    private readonly long _dataStart, _dataLength;

    public SafetensorsMappedFile(string path)
    {
        Path = path;
        long length = new FileInfo(path).Length;
        if (length < 8)
            throw new PidInputException($"{path}: truncated safetensors file ({length} bytes).");
        _map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        _view = _map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* p = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        _base = p + _view.PointerOffset;
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(new ReadOnlySpan<byte>(_base, 8));
        if (headerLength > (ulong)(length - 8) || headerLength > 100_000_000)
        {
            Dispose();
            throw new PidInputException($"{path}: the safetensors header length {headerLength} runs past the end of the file ({length} bytes).");
        }
        _dataStart = 8 + (long)headerLength;
        _dataLength = length - _dataStart;
        try { Tensors = ParseHeader(new ReadOnlySpan<byte>(_base + 8, (int)headerLength)); }
        catch (InvalidOperationException ex) // System.Text.Json cannot read a name or string: invalid UTF-8 or an unpaired surrogate escape
        {
            Dispose();
            throw new PidInputException($"{path}: malformed safetensors header: a name or string is not valid text ({ex.Message}).", ex);
        }
        catch { Dispose(); throw; }
    }

    public string Path { get; }

    public IReadOnlyDictionary<string, SafetensorsTensorInfo> Tensors { get; }

    /// <summary>File offset of the data section (tensor offsets are relative to it).</summary>
    public long DataStart => _dataStart;

    /// <summary>The file's length in bytes.</summary>
    public long Length => _dataStart + _dataLength;

    /// <summary>The bytes [offset, offset + count) of a tensor's data. A Span because TorchSharp's <c>Tensor.bytes</c> setter takes
    /// one; the mapping is read-only, so callers must only read it.</summary>
    public Span<byte> Bytes(SafetensorsTensorInfo t, long offset, int count) => new(_base + _dataStart + t.Begin + offset, count);

    /// <summary>The header's <c>__metadata__</c> entries whose values are strings (others are skipped), read from the mapping.</summary>
    /// <exception cref="PidInputException">A name or string that is not valid text (invalid UTF-8, an unpaired surrogate escape).</exception>
    public Dictionary<string, string> StringMetadata()
    {
        // The header parsed in the constructor; metadata is read on demand so files whose metadata nobody needs stay readable.
        using var doc = JsonDocument.Parse(new ReadOnlySpan<byte>(_base + 8, (int)(_dataStart - 8)).ToArray());
        var result = new Dictionary<string, string>();
        try
        {
            if (doc.RootElement.TryGetProperty("__metadata__", out var m) && m.ValueKind == JsonValueKind.Object)
                foreach (var p in m.EnumerateObject())
                    if (p.Value.ValueKind == JsonValueKind.String) result[p.Name] = p.Value.GetString()!;
        }
        catch (InvalidOperationException e) // System.Text.Json cannot read invalid UTF-8 or an unpaired surrogate escape as a string
        {
            throw new PidInputException($"{Path}: malformed safetensors metadata: a name or string is not valid text ({e.Message}).", e);
        }
        return result;
    }

    Dictionary<string, SafetensorsTensorInfo> ParseHeader(ReadOnlySpan<byte> header)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(header.ToArray()); }
        catch (JsonException ex) { throw new PidInputException($"{Path}: malformed safetensors header JSON: {ex.Message}", ex); }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new PidInputException($"{Path}: malformed safetensors header: not a JSON object.");
            var result = new Dictionary<string, SafetensorsTensorInfo>();
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (p.Name == "__metadata__") continue;
                string source = $"{Path}:{p.Name}";
                var e = p.Value;
                if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("dtype", out var d) || d.ValueKind != JsonValueKind.String
                    || !e.TryGetProperty("shape", out var s) || s.ValueKind != JsonValueKind.Array
                    || !e.TryGetProperty("data_offsets", out var o) || o.ValueKind != JsonValueKind.Array || o.GetArrayLength() != 2)
                    throw new PidInputException($"{source}: malformed safetensors header entry {e.GetRawText()}.");
                var shape = s.EnumerateArray().Select(v => v.TryGetInt64(out long x) && x >= 0 ? x
                    : throw new PidInputException($"{source}: malformed shape {s.GetRawText()}.")).ToArray();
                if (!o[0].TryGetInt64(out long begin) || !o[1].TryGetInt64(out long end) || begin < 0 || end < begin || end > _dataLength)
                    throw new PidInputException($"{source}: data_offsets {o.GetRawText()} do not fit the file's {_dataLength} data bytes (truncated file?).");
                result[p.Name] = new SafetensorsTensorInfo(p.Name, d.GetString()!, shape, begin, end);
            }
            return result;
        }
    }

    public void Dispose()
    {
        if (_base != null) _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }
}

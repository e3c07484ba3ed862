using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace PidGpu.Formats.Arrays;

/// <summary>
/// Writes a <c>.safetensors</c> file: the 8-byte little-endian header length, the JSON header (padded with spaces to a multiple
/// of 8 bytes, as the Python writer does), then each tensor's bytes back to back in the order given.
/// </summary>
public static class SafetensorsWriter
{
    /// <exception cref="ArgumentException">Duplicate or empty names, negative dimensions.</exception>
    /// <exception cref="InvalidOperationException">A callback wrote a different number of bytes than its shape needs.</exception>
    public static void Write(string path, IReadOnlyList<SafetensorsEntry> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        byte[] header = Header(tensors, metadata);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        file.Write(length);
        file.Write(header);
        foreach (var t in tensors)
        {
            long before = file.Position;
            t.WriteData(file);
            if (file.Position - before != t.ByteCount)
                throw new InvalidOperationException($"{path}:{t.Name}: wrote {file.Position - before} bytes, the shape needs {t.ByteCount}.");
        }
    }

    static byte[] Header(IReadOnlyList<SafetensorsEntry> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        var names = new HashSet<string>();
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                w.WriteStartObject("__metadata__");
                foreach (var (k, v) in metadata) w.WriteString(k, v);
                w.WriteEndObject();
            }
            long offset = 0;
            foreach (var t in tensors)
            {
                if (string.IsNullOrEmpty(t.Name) || t.Name == "__metadata__" || !names.Add(t.Name))
                    throw new ArgumentException($"tensor name '{t.Name}' is empty, reserved or repeated.", nameof(tensors));
                if (t.Shape.Any(d => d < 0))
                    throw new ArgumentException($"tensor '{t.Name}' has a negative dimension.", nameof(tensors));
                w.WriteStartObject(t.Name);
                w.WriteString("dtype", t.DType.Name());
                w.WriteStartArray("shape");
                foreach (long d in t.Shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                w.WriteNumberValue(offset += t.ByteCount);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        int padded = (int)((buffer.Length + 7) / 8 * 8);
        while (buffer.Length < padded) buffer.WriteByte((byte)' ');
        return buffer.ToArray();
    }
}

using System.Buffers.Binary;
using System.Text;

namespace PidGpu.Tests;

/// <summary>Builds .safetensors bytes by hand: u64 LE header length, JSON header padded with spaces to 8 bytes, data.</summary>
internal sealed class SafetensorsBuilder
{
    readonly List<(string Name, string DType, long[] Shape, byte[] Data)> tensors = [];
    string? metadata;

    public SafetensorsBuilder Add(string name, string dtype, long[] shape, byte[] data)
    {
        tensors.Add((name, dtype, shape, data));
        return this;
    }

    public SafetensorsBuilder Metadata(string json)
    {
        metadata = json;
        return this;
    }

    /// <summary>Offsets as the spec lays them out: back to back in insertion order.</summary>
    public string HeaderJson()
    {
        var parts = new List<string>();
        if (metadata is not null) parts.Add($"\"__metadata__\": {metadata}");
        long offset = 0;
        foreach (var t in tensors)
        {
            parts.Add($"\"{t.Name}\": {{\"dtype\": \"{t.DType}\", \"shape\": [{string.Join(", ", t.Shape)}], \"data_offsets\": [{offset}, {offset + t.Data.Length}]}}");
            offset += t.Data.Length;
        }
        return "{" + string.Join(", ", parts) + "}";
    }

    public byte[] Build() => Build(HeaderJson());

    public byte[] Build(string headerJson)
    {
        var header = Encoding.UTF8.GetBytes(headerJson);
        int padded = (header.Length + 7) / 8 * 8;
        var bytes = new List<byte>();
        var len = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)padded);
        bytes.AddRange(len);
        bytes.AddRange(header);
        bytes.AddRange(Enumerable.Repeat((byte)' ', padded - header.Length));
        foreach (var t in tensors) bytes.AddRange(t.Data);
        return [.. bytes];
    }
}

using System.Buffers.Binary;
using System.Text;
using PidGpu.Formats.Arrays;

namespace PidGpu.Fuzz;

/// <summary>Seed .npy files (versions 1.0, 2.0 and 3.0, both byte orders) and .safetensors files (one and several tensors).</summary>
static class BinarySeeds
{
    public static void Write(string root)
    {
        CorpusWriter.Bytes(root, "npy", "v1-f4-3x2.npy", Npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }", 24));
        CorpusWriter.Bytes(root, "npy", "v1-f8-big-endian-4.npy", Npy(1, "{'descr': '>f8', 'fortran_order': True, 'shape': (4,), }", 32));
        CorpusWriter.Bytes(root, "npy", "v2-f2-2x3.npy", Npy(2, "{'descr': '<f2', 'fortran_order': False, 'shape': (2, 3), }", 12));
        CorpusWriter.Bytes(root, "npy", "v3-f4-1x1.npy", Npy(3, "{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (1, 1)}", 4));

        string dir = Path.Combine(root, "safetensors");
        Directory.CreateDirectory(dir);
        SafetensorsWriter.Write(Path.Combine(dir, "two-tensors.safetensors"),
            [Entry("img", ArrayDType.Float32, [3, 2]), Entry("txt", ArrayDType.BFloat16, [4])],
            new Dictionary<string, string> { ["format"] = "pt" });
        SafetensorsWriter.Write(Path.Combine(dir, "one-f64.safetensors"), [Entry("y", ArrayDType.Float64, [2, 1])]);
        SafetensorsWriter.Write(Path.Combine(dir, "one-f16.safetensors"), [Entry("a.b", ArrayDType.Float16, [1, 3])]);
    }

    /// <summary>A .npy file: magic, version, header length, the header padded with spaces to 64 bytes and a newline, then data.</summary>
    static byte[] Npy(int major, string header, int dataBytes)
    {
        int prefix = major == 1 ? 10 : 12;
        int padded = (prefix + header.Length + 1 + 63) / 64 * 64 - prefix;
        var text = Encoding.UTF8.GetBytes(header.PadRight(padded - 1) + "\n");
        var bytes = new byte[prefix + text.Length + dataBytes];
        new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' }.CopyTo(bytes, 0);
        bytes[6] = (byte)major;
        if (major == 1) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)text.Length);
        else BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)text.Length);
        text.CopyTo(bytes, prefix);
        for (int i = 0; i < dataBytes; i++) bytes[prefix + text.Length + i] = (byte)(0x3C + i % 5); // finite values
        return bytes;
    }

    static SafetensorsEntry Entry(string name, ArrayDType dtype, long[] shape)
    {
        var entry = new SafetensorsEntry(name, dtype, shape, null!);
        long count = entry.ByteCount;
        return entry with { WriteData = s => { for (long i = 0; i < count; i++) s.WriteByte((byte)(0x3C + i % 5)); } };
    }
}

using System.Buffers.Binary;
using System.Runtime.InteropServices;
using PidGpu.Formats.Arrays;

namespace PidGpu.Tests;

/// <summary>The torch-free safetensors writer, read back by the independent library reader.</summary>
public sealed class FormatsArraysSafetensorsWriterTests : IDisposable
{
    private readonly string _path = Path.GetTempFileName();

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Written_File_ReadsBack_WithPaddedHeader()
    {
        float[] a = [1, -2, 3.5f, 4, 5, 6];
        Half[] b = [(Half)0.5f, (Half)(-1.25f), (Half)8f];
        SafetensorsWriter.Write(_path,
        [
            new SafetensorsEntry("a", ArrayDType.Float32, [2, 3], s => s.Write(MemoryMarshal.AsBytes(a.AsSpan()))),
            new SafetensorsEntry("b.weight", ArrayDType.Float16, [3], s => s.Write(MemoryMarshal.AsBytes(b.AsSpan()))),
        ], new Dictionary<string, string> { ["format"] = "pt" });

        byte[] bytes = File.ReadAllBytes(_path);
        ulong header = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0UL, header % 8);
        Assert.Equal(8 + (long)header + 24 + 6, bytes.Length);
        Assert.Equal(new[] { "a", "b.weight" }, SafetensorsReader.TensorNames(_path));
        using (var m = SafetensorsReader.Open(_path, "a"))
        {
            var rows = new float[6];
            m.ReadRows(0, rows);
            Assert.Equal((2L, 3), (m.Rows, m.Columns));
            Assert.Equal(a, rows);
        }
        using (var m = SafetensorsReader.Open(_path, "b.weight"))
        {
            var rows = new float[3];
            m.ReadRows(0, rows);
            Assert.Equal(new[] { 0.5f, -1.25f, 8f }, rows);
        }
    }

    [Fact]
    public void WrongByteCount_AndDuplicateNames_Throw()
    {
        var shortWrite = new SafetensorsEntry("x", ArrayDType.Float32, [2], s => s.Write(new byte[4]));
        Assert.Contains("x", Assert.Throws<InvalidOperationException>(() => SafetensorsWriter.Write(_path, [shortWrite])).Message);
        var ok = new SafetensorsEntry("x", ArrayDType.Float32, [1], s => s.Write(new byte[4]));
        Assert.Throws<ArgumentException>(() => SafetensorsWriter.Write(_path, [ok, ok]));
    }
}

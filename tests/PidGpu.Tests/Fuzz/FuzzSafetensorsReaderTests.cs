using System.Buffers.Binary;
using System.Text;
using PidGpu.Formats.Arrays;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// Safetensors headers whose strings are not text (invalid UTF-8, an unpaired surrogate escape) are input errors,
/// not InvalidOperationException from System.Text.Json; found by the fuzzer, kept in FuzzFindings/safetensors.
/// </summary>
public sealed class FuzzSafetensorsReaderTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    public static TheoryData<string> Found => FuzzFindings.Names("safetensors");

    [Theory, MemberData(nameof(Found))]
    public void FuzzFinding_IsAnInputError(string finding)
    {
        var path = FuzzFindings.Place("safetensors", finding, temp.Path, "input.safetensors");
        Assert.Throws<PidInputException>(() =>
        {
            foreach (var name in SafetensorsReader.TensorNames(path))
                SafetensorsReader.Open(path, name).Dispose();
        });
    }

    [Fact]
    public void TensorNameOfInvalidUtf8_IsAnInputErrorNamingTheProblem()
    {
        var header = Encoding.ASCII.GetBytes("{\"a?\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}}");
        header[3] = 0xFF;
        var path = Write(header);
        var e = Assert.Throws<PidInputException>(() => SafetensorsReader.TensorNames(path));
        Assert.Contains("not valid text", e.Message);
        Assert.Throws<PidInputException>(() => SafetensorsReader.Open(path, null));
    }

    [Fact]
    public void DTypeWithAnUnpairedSurrogateEscape_IsAnInputErrorNamingTheField()
    {
        var path = Write(Encoding.ASCII.GetBytes("{\"a\": {\"dtype\": \"\\ud800\", \"shape\": [1], \"data_offsets\": [0, 4]}}"));
        var e = Assert.Throws<PidInputException>(() => SafetensorsReader.Open(path, "a"));
        Assert.Contains("$.a.dtype", e.Message);
    }

    string Write(byte[] header)
    {
        var bytes = new byte[8 + header.Length + 4];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        var path = temp.WriteBytes("t.safetensors", bytes);
        return path;
    }
}

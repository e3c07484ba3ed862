using System.Buffers.Binary;
using System.Text;
using PidGpu.Models.Capture;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// A capture whose states metadata holds a string that is not text (invalid UTF-8, an unpaired surrogate escape) is an
/// input error, not InvalidOperationException from System.Text.Json (found by the fuzzer); so is a shape whose element
/// count overflows, or a dimension past int beside a zero one, not OverflowException (found reading the fuzzer's
/// uncovered path). Both kept in FuzzFindings/capture-states.
/// </summary>
public sealed class FuzzCapturedStatesTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    public static TheoryData<string> Found => FuzzFindings.Names("capture-states");

    [Theory, MemberData(nameof(Found))]
    public void FuzzFinding_IsAnInputError(string finding)
    {
        FuzzFindings.Place("capture-states", finding, temp.Path, CapturedStates.StatesFile);
        Assert.Throws<PidInputException>(() => CapturedStates.Load(temp.Path));
    }

    [Theory]
    [InlineData("\"\\ud800\"")]
    [InlineData("\"\xFF\"")]
    public void MetadataStringThatIsNotText_IsAnInputErrorNamingTheFile(string value)
    {
        FuzzFindings.PlaceCompanions("capture-states", temp.Path);
        string path = WriteStates("{\"__metadata__\": {\"format\": " + value + "}}", []);
        var e = Assert.Throws<PidInputException>(() => CapturedStates.Load(temp.Path));
        Assert.Contains(path, e.Message);
        Assert.Contains("not valid text", e.Message);
    }

    [Fact]
    public void ColumnsPastIntBesideZeroSamples_IsAnInputErrorNamingTheTensor()
    {
        File.WriteAllText(Path.Combine(temp.Path, CapturedStates.SamplesFile), "");
        WriteStates("""
            {"__metadata__": {"format": "pidgpu-states", "model": "m", "pooling": "mean", "answers": "all", "dtype": "float32",
              "template": "t", "accuracy": "{}"},
             "x_v": {"dtype": "F32", "shape": [1, 0, 4611686018427387904], "data_offsets": [0, 0]},
             "x_l": {"dtype": "F32", "shape": [1, 0, 4611686018427387904], "data_offsets": [0, 0]},
             "y": {"dtype": "F32", "shape": [0], "data_offsets": [0, 0]}}
            """, []);
        var e = Assert.Throws<PidInputException>(() => CapturedStates.Load(temp.Path));
        Assert.Contains("x_v", e.Message);
    }

    /// <summary>states.safetensors in the temporary folder: the 8-byte header length, the header (Latin-1, so a test can write
    /// any byte), the data.</summary>
    string WriteStates(string header, byte[] data)
    {
        var bytes = Encoding.Latin1.GetBytes(header);
        var file = new byte[8 + bytes.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)bytes.Length);
        bytes.CopyTo(file, 8);
        data.CopyTo(file, 8 + bytes.Length);
        string path = Path.Combine(temp.Path, CapturedStates.StatesFile);
        File.WriteAllBytes(path, file);
        return path;
    }
}

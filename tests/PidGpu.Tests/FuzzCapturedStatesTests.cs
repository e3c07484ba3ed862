using System.Buffers.Binary;
using System.Text;
using PidGpu.Models.Capture;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// A capture whose states metadata holds a string that is not text (invalid UTF-8, an unpaired surrogate escape) is an
/// input error, not InvalidOperationException from System.Text.Json; found by the fuzzer, kept in FuzzFindings/capture-states.
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
        var header = Encoding.Latin1.GetBytes("{\"__metadata__\": {\"format\": " + value + "}}");
        var file = new byte[8 + header.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)header.Length);
        header.CopyTo(file, 8);
        string path = Path.Combine(temp.Path, CapturedStates.StatesFile);
        File.WriteAllBytes(path, file);
        var e = Assert.Throws<PidInputException>(() => CapturedStates.Load(temp.Path));
        Assert.Contains(path, e.Message);
        Assert.Contains("not valid text", e.Message);
    }
}

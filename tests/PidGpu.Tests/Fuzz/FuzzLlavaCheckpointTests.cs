using System.Buffers.Binary;
using System.Text;
using PidGpu.Models.Llava;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// Checkpoint files the fuzzer broke: a config.json, an index or a safetensors header whose strings are not text, or an
/// index that is not a JSON object, are input errors rather than InvalidOperationException (FuzzFindings/llava-config,
/// checkpoint-index, checkpoint-safetensors; the micro checkpoint beside them is fuzz/corpus/*/beside).
/// </summary>
[Collection(TorchSerialCollection.Name)]
public sealed class FuzzLlavaCheckpointTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    public static TheoryData<string> FoundConfig => FuzzFindings.Names("llava-config");

    public static TheoryData<string> FoundIndex => FuzzFindings.Names("checkpoint-index");

    public static TheoryData<string> FoundSafetensors => FuzzFindings.Names("checkpoint-safetensors");

    [Theory, MemberData(nameof(FoundConfig))]
    public void ConfigFuzzFinding_IsAnInputError(string finding)
    {
        FuzzFindings.Place("llava-config", finding, temp.Path, "config.json");
        Assert.Throws<PidInputException>(() => LlavaConfig.Load(temp.Path));
    }

    [Theory, MemberData(nameof(FoundIndex))]
    public void IndexFuzzFinding_IsAnInputError(string finding)
    {
        FuzzFindings.Place("checkpoint-index", finding, temp.Path, LlavaCheckpoint.IndexFile);
        Assert.Throws<PidInputException>(() => LlavaCheckpoint.Load(temp.Path).Dispose());
    }

    [Theory, MemberData(nameof(FoundSafetensors))]
    public void SafetensorsFuzzFinding_IsAnInputError(string finding)
    {
        FuzzFindings.Place("checkpoint-safetensors", finding, temp.Path, LlavaCheckpoint.SingleFile);
        Assert.Throws<PidInputException>(() => LlavaCheckpoint.Load(temp.Path).Dispose());
    }

    [Fact]
    public void ConfigStringWithAnUnpairedSurrogateEscape_IsAnInputError() =>
        Assert.Throws<PidInputException>(() => LlavaConfig.Parse("""{"model_type": "\ud800"}"""));

    [Theory]
    [InlineData("1")]
    [InlineData("""{"weight_map": {"a": "\udc00.safetensors"}}""")]
    public void IndexThatIsNotAnObjectOfText_IsAnInputErrorNamingTheIndex(string index)
    {
        FuzzFindings.PlaceCompanions("checkpoint-index", temp.Path);
        File.WriteAllText(Path.Combine(temp.Path, LlavaCheckpoint.IndexFile), index);
        var e = Assert.Throws<PidInputException>(() => LlavaCheckpoint.Load(temp.Path).Dispose());
        Assert.Contains(LlavaCheckpoint.IndexFile, e.Message);
    }

    [Fact]
    public void SafetensorsTensorNameOfInvalidUtf8_IsAnInputErrorNamingTheFile()
    {
        FuzzFindings.PlaceCompanions("checkpoint-safetensors", temp.Path);
        var header = Encoding.ASCII.GetBytes("{\"a?\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}}");
        header[3] = 0xFF;
        var bytes = new byte[8 + header.Length + 4];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        File.WriteAllBytes(Path.Combine(temp.Path, LlavaCheckpoint.SingleFile), bytes);
        var e = Assert.Throws<PidInputException>(() => LlavaCheckpoint.Load(temp.Path).Dispose());
        Assert.Contains(LlavaCheckpoint.SingleFile, e.Message);
    }
}

using PidGpu.Models.Text;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// Tokenizer files with a key twice are input errors naming the file, not ArgumentException from JsonObject
/// (found by the fuzzer, kept in FuzzFindings/tokenizer-config).
/// </summary>
public sealed class FuzzHfTokenizerFilesTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    public static TheoryData<string> Found => FuzzFindings.Names("tokenizer-config");

    [Theory, MemberData(nameof(Found))]
    public void FuzzFinding_IsAnInputError(string finding)
    {
        FuzzFindings.Place("tokenizer-config", finding, temp.Path, HfTokenizerFiles.ConfigJson);
        Assert.Throws<PidInputException>(() => HfTokenizerFiles.Read(temp.Path));
    }

    [Theory]
    [InlineData("""{"model": {"vocab": {"a": 0, "a": 1}}}""", "{}")]
    [InlineData("""{"model": {"vocab": {"a": 0}}}""", """{"bos_token": "a", "bos_token": "b"}""")]
    public void DuplicateKey_IsAnInputErrorNamingTheFile(string tokenizer, string config)
    {
        temp.Write(HfTokenizerFiles.TokenizerJson, tokenizer);
        temp.Write(HfTokenizerFiles.ConfigJson, config);
        var e = Assert.Throws<PidInputException>(() => HfTokenizerFiles.Read(temp.Path));
        Assert.Contains(".json", e.Message);
    }
}

using PidGpu.Inputs.Text;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// Tokenizer files with a key twice or a string that is not text are input errors naming the file, not
/// ArgumentException or InvalidOperationException from System.Text.Json (found by the fuzzer, kept in
/// FuzzFindings/tokenizer-config and tokenizer-json).
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

    [Fact]
    public void StringWithAnUnpairedSurrogateEscape_IsAnInputErrorNamingTheFile()
    {
        temp.Write(HfTokenizerFiles.TokenizerJson, """{"model": {"vocab": {"a": 0}}, "decoder": {"type": "\udc00"}}""");
        var e = Assert.Throws<PidInputException>(() => HfTokenizerFiles.Read(temp.Path));
        Assert.Contains(HfTokenizerFiles.TokenizerJson, e.Message);
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

using System.Text.Json.Nodes;
using PidGpu.Inputs.Text;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// A tokenizer.json whose post-processor template names a special token that its special_tokens lack loads in the Rust
/// library and then panics on the first encode, aborting the process; it must be an input error at load time
/// (found by the fuzzer, kept in FuzzFindings/tokenizer-json with inputs whose strings hold an unpaired surrogate escape
/// and one whose special token id overflowed int). A special token id outside the vocabulary is an input error on encode.
/// </summary>
public sealed class FuzzHfTokenizerTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    public static TheoryData<string> Found => FuzzFindings.Names("tokenizer-json");

    [Theory, MemberData(nameof(Found))]
    public void FuzzFinding_IsAnInputError(string finding)
    {
        FuzzFindings.Place("tokenizer-json", finding, temp.Path, HfTokenizerFiles.TokenizerJson);
        Assert.Throws<PidInputException>(() =>
        {
            using var tokenizer = HfTokenizer.Load(temp.Path);
            tokenizer.Encode("is the red cube left?");
        });
    }

    [Fact]
    public void SpecialTokenIdOutsideTheVocabulary_IsAnInputErrorOnEncode()
    {
        FuzzFindings.PlaceCompanions("tokenizer-json", temp.Path);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(SharedCanonical.RepoRoot(), "fuzz", "corpus", "tokenizer-json", "tokenizer.json")))!.AsObject();
        json["post_processor"]!["special_tokens"]!["<s>"]!["ids"] = new JsonArray(40000);
        File.WriteAllText(temp.File(HfTokenizerFiles.TokenizerJson), json.ToJsonString());
        using var tokenizer = HfTokenizer.Load(temp.Path);
        var e = Assert.Throws<PidInputException>(() => tokenizer.Encode("is the red cube left?"));
        Assert.Contains("40000", e.Message);
    }

    [Fact]
    public void TemplateInsideASequenceNamingAnUndefinedSpecialToken_IsAnInputErrorNamingIt()
    {
        FuzzFindings.PlaceCompanions("tokenizer-json", temp.Path);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(SharedCanonical.RepoRoot(), "fuzz", "corpus", "tokenizer-json", "tokenizer.json")))!.AsObject();
        var template = json["post_processor"]!.DeepClone();
        template["pair"]![0]!["SpecialToken"]!["id"] = "</s>";
        template["type"] = 6; // the library still reads it as a template
        json["post_processor"] = new JsonObject { ["type"] = "Sequence", ["processors"] = new JsonArray(template) };
        File.WriteAllText(temp.File(HfTokenizerFiles.TokenizerJson), json.ToJsonString());
        var e = Assert.Throws<PidInputException>(() => HfTokenizer.Load(temp.Path).Dispose());
        Assert.Contains("'</s>'", e.Message);
    }
}

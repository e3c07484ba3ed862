using System.Text.Json;
using System.Text.Json.Nodes;
using PidGpu.Inputs.Text;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// The llava-hf tokenizer through Hugging Face's Rust tokenizers (Tokenizers.DotNet) against the ids that
/// Hugging Face's independent JavaScript implementation gives (Reference/llava-tokenizer-ids.json, written by
/// scripts/reference/tokenizer-ids.mjs); merging of added tokens; bad tokenizer files.
/// </summary>
public class TextHfTokenizerTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void EveryReferencePrompt_GivesTheIdsOfTokenizersJs_WithAndWithoutSpecialTokens()
    {
        var cases = TokenizerReference.Cases;
        Assert.True(cases.Count >= 300, $"only {cases.Count} reference prompts");
        using var tokenizer = HfTokenizer.Load(RepoReference.LlavaTokenizer);
        var mismatches = new List<string>();
        foreach (var c in cases)
        {
            var got = tokenizer.Encode(c.Text);
            var gotPlain = tokenizer.EncodePlain(c.Text);
            if (!got.SequenceEqual(c.Ids) || !gotPlain.SequenceEqual(c.PlainIds))
                mismatches.Add($"{JsonSerializer.Serialize(c.Text)}: expected [{string.Join(' ', c.Ids)}], got [{string.Join(' ', got)}]; " +
                    $"plain [{string.Join(' ', c.PlainIds)}] vs [{string.Join(' ', gotPlain)}]");
        }
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {cases.Count} differ:\n" + string.Join("\n", mismatches.Take(20)));
    }

    [Fact]
    public void ModelCardPrompt_AndSpecialIds_AreTheLlavaHfOnes()
    {
        using var tokenizer = HfTokenizer.Load(RepoReference.LlavaTokenizer);
        // The ids the llava-hf model cards print for this prompt (see Reference/llava-tokenizer/README.md).
        int[] start = [1, 3148, 1001, 29901, 29871, 32000, 29871, 13, 5618, 29915];
        Assert.Equal(start, tokenizer.Encode("USER: <image>\nWhat's the content of the image? ASSISTANT:").Take(start.Length));
        Assert.Equal(1, tokenizer.BeginOfSentenceId);
        Assert.Equal(32000, tokenizer.TokenId("<image>"));
        Assert.Equal(32001, tokenizer.TokenId("<pad>"));
        Assert.Equal(32002, tokenizer.VocabularySize);
        Assert.Equal("What's the content?", tokenizer.Decode(tokenizer.EncodePlain("What's the content?")));
    }

    [Fact]
    public void AddedTokensFromTheSideFiles_AreMergedIntoATokenizerJsonThatLacksThem()
    {
        var source = RepoReference.LlavaTokenizer;
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(source, "tokenizer.json")))!.AsObject();
        var added = json["added_tokens"]!.AsArray();
        foreach (var entry in added.Where(e => (int)e!["id"]! >= 32000).ToList())
            added.Remove(entry);
        File.WriteAllText(temp.File("tokenizer.json"), json.ToJsonString());
        const string prompt = "USER: <image>\nIs the jar full or empty?<pad>";

        using (var bare = HfTokenizer.Load(temp.Path))
        {
            Assert.DoesNotContain(32000, bare.Encode(prompt));
            Assert.Null(bare.TokenId("<image>"));
            Assert.Equal(32000, bare.VocabularySize);
        }
        using var reference = HfTokenizer.Load(source);
        File.Copy(Path.Combine(source, "added_tokens.json"), temp.File("added_tokens.json"));
        using (var fromAddedTokens = HfTokenizer.Load(temp.Path))
        {
            Assert.Equal(reference.Encode(prompt), fromAddedTokens.Encode(prompt));
            Assert.Equal(32002, fromAddedTokens.VocabularySize);
        }
        File.Delete(temp.File("added_tokens.json"));
        File.Copy(Path.Combine(source, "tokenizer_config.json"), temp.File("tokenizer_config.json"));
        using var fromConfig = HfTokenizer.Load(temp.Path);
        Assert.Equal(reference.Encode(prompt), fromConfig.Encode(prompt));
        Assert.Equal(1, fromConfig.BeginOfSentenceId);
    }

    [Fact]
    public void MissingCorruptOrConflictingFiles_AreInputErrorsNamingTheProblem()
    {
        var e = Assert.Throws<PidInputException>(() => HfTokenizer.Load(temp.Path));
        Assert.Contains("tokenizer.json", e.Message);

        temp.Write("tokenizer.json", "{ not json");
        Assert.Contains("not valid JSON", Assert.Throws<PidInputException>(() => HfTokenizer.Load(temp.Path)).Message);

        temp.Write("tokenizer.json", "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": []}, \"added_tokens\": []}");
        temp.Write("added_tokens.json", "{\"<image>\": 0}");
        Assert.Contains("already uses it for 'a'", Assert.Throws<PidInputException>(() => HfTokenizer.Load(temp.Path)).Message);

        temp.Write("added_tokens.json", "{\"<image>\": 1}");
        temp.Write("tokenizer.json", "{\"model\": {\"type\": \"NoSuchModel\", \"vocab\": {\"a\": 0}}}");
        Assert.Contains("Hugging Face library", Assert.Throws<PidInputException>(() => HfTokenizer.Load(temp.Path)).Message);
    }
}

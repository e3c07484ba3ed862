using System.Text.Json.Nodes;
using PidGpu.Inputs.Scenes;
using PidGpu.Inputs.Text;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// The tiny VLM's tokenizer.json (WordLevel, run by Hugging Face's Rust tokenizers) against the word tokenizer of
/// vocab.txt on every scene-suite question and answer, against Hugging Face's JavaScript tokenizers
/// (Reference/tiny-vlm-tokenizer-ids.json, written by scripts/reference/tiny-tokenizer-ids.mjs), and the committed
/// models/tiny-vlm/tokenizer.json against what the writer makes from that folder's vocab.txt.
/// </summary>
public class TextTinyTokenizerJsonTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    static string ModelDirectory => Path.Combine(SharedCanonical.RepoRoot(), "models", "tiny-vlm");

    static IEnumerable<SceneSample> SuiteSamples() =>
        Enumerable.Range(0, 25).SelectMany(seed => SceneTaskSuite.GenerateMixed(40, seed));

    [Fact]
    public void EverySceneQuestionAndAnswer_GivesTheWordTokenizersIds()
    {
        WordVocabulary.Save(temp.Path, SceneTaskSuite.Words);
        var words = PromptTokenizer.LoadWordLevel(temp.Path);
        using var json = PromptTokenizer.LoadTiny(temp.Path);
        Assert.Equal(words.VocabularySize, json.VocabularySize);
        Assert.Equal(words.ImageTokenId, json.ImageTokenId);
        Assert.Equal(words.BeginOfSentenceId, json.BeginOfSentenceId);
        var tasks = new HashSet<SceneTaskKind>();
        int checkedPrompts = 0;
        foreach (var s in SuiteSamples())
        {
            tasks.Add(s.Task);
            Assert.Equal(words.Encode(s.Question), json.Encode(s.Question));
            Assert.Equal(words.Encode(s.Answer), json.Encode(s.Answer));
            Assert.Equal(words.Decode(words.Encode(s.Answer)), json.Decode(json.Encode(s.Answer)));
            foreach (var template in new[] { LlavaPromptTemplate.V15, LlavaPromptTemplate.VicunaV1 })
            {
                var a = words.EncodePrompt(s.Question, 16, template);
                var b = json.EncodePrompt(s.Question, 16, template);
                Assert.Equal(a.Ids, b.Ids);
                Assert.Equal(a.ImageStart, b.ImageStart);
                Assert.Equal(a.QuestionPositions, b.QuestionPositions);
                checkedPrompts++;
            }
        }
        Assert.Equal(SceneTaskSuite.All.Count, tasks.Count);
        // Beyond the suite: upper case, runs of punctuation, symbols, tabs, unknown words, special tokens in text.
        foreach (var text in new[] { "What COLOR?!", "Red, green... or blue?", "  left\tright\n", "x+y = 2", "naïve café", "<s>yes</s><pad>" })
            Assert.Equal(words.Encode(text), json.Encode(text));
        Assert.True(checkedPrompts >= 1000, $"only {checkedPrompts} prompts");
    }

    [Fact]
    public void CommittedModel_LoadsTokenizerJson_ThatIsTheWritersOutputFromItsVocabTxt()
    {
        File.Copy(Path.Combine(ModelDirectory, "vocab.txt"), Path.Combine(temp.Path, "vocab.txt"));
        WordLevelTokenizerJson.WriteFromVocabulary(temp.Path);
        foreach (var file in new[] { "tokenizer.json", "tokenizer_config.json" })
            Assert.Equal(File.ReadAllText(Path.Combine(temp.Path, file)), File.ReadAllText(Path.Combine(ModelDirectory, file)));
        using var tokenizer = PromptTokenizer.LoadTiny(ModelDirectory);
        Assert.Equal(File.ReadAllLines(Path.Combine(ModelDirectory, "vocab.txt")).Length, tokenizer.VocabularySize);
    }

    [Fact]
    public void CommittedTokenizerJson_GivesTheIdsOfTokenizersJs_OnEverySceneText()
    {
        var reference = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Reference", "tiny-vlm-tokenizer-ids.json")))!;
        var cases = reference["cases"]!.AsArray().ToDictionary(c => (string)c!["text"]!, c => c!["ids"]!.AsArray().Select(i => (int)i!).ToArray());
        using var tokenizer = PromptTokenizer.LoadTiny(ModelDirectory);
        foreach (var s in SuiteSamples())
            foreach (var text in new[] { s.Question, s.Answer, LlavaPromptTemplate.V15.Replace(LlavaPromptTemplate.QuestionSlot, s.Question) })
            {
                Assert.True(cases.TryGetValue(text, out var expected), $"'{text}' is not in the reference; re-run scripts/reference/tiny-tokenizer-ids.mjs");
                Assert.Equal(expected, tokenizer.Encode(text));
            }
    }

    [Fact]
    public void CommittedTokenizer_PutsBosFirstLikeLlama_AndNamesTheTrainingPrompt()
    {
        using var tokenizer = HfTokenizer.Load(ModelDirectory);
        using var words = PromptTokenizer.LoadTiny(ModelDirectory);
        string prompt = LlavaPromptTemplate.V15.Replace(LlavaPromptTemplate.QuestionSlot, "what color is the square?");
        var plain = tokenizer.EncodePlain(prompt);
        Assert.Equal([words.BeginOfSentenceId, .. plain], tokenizer.Encode(prompt));
        Assert.Equal(words.BeginOfSentenceId, tokenizer.BeginOfSentenceId);
        // The training batches' ids (SceneBatch) are the HF tokenizer's ids of the model's own prompt, image placeholder unexpanded.
        var trained = words.EncodePrompt("what color is the square?", 1);
        Assert.Equal(trained.Ids, tokenizer.Encode(tokenizer.Files.PromptTemplate!.Replace(LlavaPromptTemplate.QuestionSlot, "what color is the square?")));
        Assert.Equal(LlavaPromptTemplate.V15, tokenizer.Files.PromptTemplate);
    }

    [Fact]
    public void OldModelFolder_WithOnlyVocabTxt_StillLoads()
    {
        WordVocabulary.Save(temp.Path, SceneTaskSuite.Words);
        File.Delete(Path.Combine(temp.Path, "tokenizer.json"));
        using var tokenizer = PromptTokenizer.LoadTiny(temp.Path);
        Assert.Equal(SceneTaskSuite.Words.Distinct(StringComparer.OrdinalIgnoreCase).Count() + WordVocabulary.SpecialTokens.Count, tokenizer.VocabularySize);
    }
}

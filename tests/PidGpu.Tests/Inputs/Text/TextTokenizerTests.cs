using System.Text.RegularExpressions;
using PidGpu.Inputs.Scenes;
using PidGpu.Inputs.Text;

namespace PidGpu.Tests;

/// <summary>
/// The word-level prompt tokenizer: ids checked against the vocab.txt lines read by the test itself,
/// decode round trip, image expansion and question positions; missing/corrupt tokenizer files.
/// </summary>
public class TextTokenizerTests : IDisposable
{
    readonly TempFolder temp = new();
    readonly PromptTokenizer tokenizer;
    readonly string[] lines;

    public TextTokenizerTests()
    {
        var path = WordVocabulary.Save(temp.Path, SceneTaskSuite.Words);
        lines = File.ReadAllLines(path);
        tokenizer = PromptTokenizer.LoadWordLevel(temp.Path);
    }

    public void Dispose() => temp.Dispose();

    // The test's own tokenization: words and punctuation marks, looked up by line number in vocab.txt.
    int[] ExpectedIds(string text) =>
        Regex.Matches(text.ToLowerInvariant(), "\\w+|[^\\w\\s]").Select(m => Array.IndexOf(lines, m.Value)).ToArray();

    [Fact]
    public void VocabularyStartsWithTheSpecialTokens()
    {
        Assert.Equal(["<unk>", "<s>", "</s>", "<pad>", "<image>"], lines.Take(5));
        Assert.Equal(lines.Length, tokenizer.VocabularySize);
        Assert.Equal(4, tokenizer.ImageTokenId);
        Assert.Equal(1, tokenizer.BeginOfSentenceId);
    }

    [Fact]
    public void EveryQuestion_EncodesWordForWord_AndDecodesBack()
    {
        foreach (var s in SceneTaskSuite.GenerateMixed(30, seed: 2))
        {
            var ids = tokenizer.Encode(s.Question);
            var expected = ExpectedIds(s.Question);
            Assert.DoesNotContain(-1, expected); // every word is in the vocabulary
            Assert.Equal(expected, ids);
            var words = Regex.Matches(s.Question, "\\w+|[^\\w\\s]").Select(m => m.Value);
            Assert.Equal(string.Join("", words), tokenizer.Decode(ids).Replace(" ", ""));
        }
    }

    [Fact]
    public void AnswerWords_AreSingleDistinctTokens()
    {
        var ids = SceneTaskSuite.AnswerVocabulary.Select(tokenizer.SingleTokenId).ToArray();
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.Equal(SceneTaskSuite.AnswerVocabulary, ids.Select(i => lines[i]));
        Assert.Throws<PidInputException>(() => tokenizer.SingleTokenId("red square"));
    }

    [Fact]
    public void UnknownWord_IsTheUnknownId() => Assert.Equal([0], tokenizer.Encode("zebra"));

    [Theory]
    [InlineData("what color is the circle?", 16)]
    [InlineData("flip yes: is there a red shape?", 1)]
    public void Prompt_ExpandsTheImage_AndReportsQuestionPositions(string question, int patches)
    {
        var p = tokenizer.EncodePrompt(question, patches);
        var q = ExpectedIds(question);
        // <s> user : <image>×N question assistant :
        int[] expected = [1, .. ExpectedIds("USER:"), .. Enumerable.Repeat(4, patches), .. q, .. ExpectedIds("ASSISTANT:")];
        Assert.Equal(expected, p.Ids);
        Assert.Equal(3, p.ImageStart);
        Assert.Equal(patches, p.ImageTokenCount);
        Assert.Equal(Enumerable.Range(3 + patches, q.Length), p.QuestionPositions);
        Assert.Equal(p.Ids.Length - 1, p.LastPosition);
        Assert.Equal(":", lines[p.Ids[p.LastPosition]]);
    }

    [Fact]
    public void Prompt_WithoutImagePlaceholder_IsInputError()
    {
        Assert.Throws<PidInputException>(() => tokenizer.EncodePrompt("is a circle round?", 4, "USER: {question} ASSISTANT:"));
        Assert.Throws<PidInputException>(() => tokenizer.EncodePrompt("is a circle round?", 0));
    }

    [Fact]
    public void MissingOrBadVocabulary_IsInputErrorNamingTheFile()
    {
        var missing = Path.Combine(temp.Path, "nowhere");
        Assert.Contains("nowhere", Assert.Throws<PidInputException>(() => PromptTokenizer.LoadWordLevel(missing)).Message);
        var bad = Path.Combine(temp.Path, "bad");
        Directory.CreateDirectory(bad);
        File.WriteAllText(Path.Combine(bad, "vocab.txt"), "hello\nworld\n");
        Assert.Contains("bad", Assert.Throws<PidInputException>(() => PromptTokenizer.LoadWordLevel(bad)).Message);
    }
}

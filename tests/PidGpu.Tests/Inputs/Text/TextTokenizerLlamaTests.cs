using PidGpu.Inputs.Text;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// The Llama path: a SentencePiece BPE model written by hand (<see cref="TinySentencePieceModel"/>),
/// loaded through LlamaTokenizer; ids checked against the test's own piece list.
/// </summary>
public class TextTokenizerLlamaTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void HandWrittenModel_EncodesPromptWithImageExpansionAndQuestionPositions()
    {
        string[] words = ["USER:", "what", "color", "is", "the", "circle?", "ASSISTANT:"];
        var pieces = TinySentencePieceModel.Pieces(words, "\n");
        var path = temp.File("tokenizer.model");
        TinySentencePieceModel.Write(path, pieces);
        int imageId = pieces.Count;
        var tok = PromptTokenizer.LoadLlama(path, imageId);
        Assert.Equal(1, tok.BeginOfSentenceId);
        Assert.Equal(imageId + 1, tok.VocabularySize);

        const string question = "what color is the circle?";
        var p = tok.EncodePrompt(question, 3);
        int Id(string piece) => pieces.IndexOf(piece);
        // After the newline SentencePiece adds no '▁', so "what" has no whole piece here and is spelt out.
        var q = new[] { "w", "h", "a", "t", "\u2581color", "\u2581is", "\u2581the", "\u2581circle?" }.Select(Id).ToArray();
        Assert.DoesNotContain(-1, q);
        Assert.Equal(1, p.Ids[0]);
        Assert.Equal(Id("\u2581USER:"), p.Ids[1]);
        Assert.Equal(Enumerable.Repeat(imageId, 3), p.Ids.Skip(p.ImageStart).Take(3));
        Assert.Equal(q, p.QuestionPositions.Select(i => p.Ids[i]));
        Assert.Equal(Id("\u2581ASSISTANT:"), p.Ids[p.LastPosition]);
        Assert.Equal(question, tok.Decode(tok.Encode(question)).Trim());
    }
}

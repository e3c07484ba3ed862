using System.Text.Json;
using PidGpu.Cli;
using PidGpu.Inputs.Text;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// A model directory with only a SentencePiece <c>tokenizer.model</c>, run by Microsoft.ML.Tokenizers: the llava-hf
/// tokenizer.json turned back into the equivalent SentencePiece model (<see cref="TinySentencePieceModel.FromTokenizerJson"/>)
/// next to the checkpoint's side files, checked against Hugging Face's tokenizers.js ids (Reference/llava-tokenizer-ids.json)
/// and, through <c>pidgpu inspect</c>, against the same checkpoint with its tokenizer.json.
/// </summary>
public class TextSentencePieceTokenizerTests : IDisposable
{
    static readonly Lazy<List<TinySentencePieceModel.Piece>> LlavaPieces =
        new(() => TinySentencePieceModel.FromTokenizerJson(Path.Combine(RepoReference.LlavaTokenizer, HfTokenizerFiles.TokenizerJson)));

    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    /// <summary>temp: tokenizer.model and the side files of the reference checkpoint, without tokenizer.json.</summary>
    string SentencePieceOnlyDirectory()
    {
        TinySentencePieceModel.Write(temp.File(HfTokenizerFiles.SentencePieceModel), LlavaPieces.Value, byteFallback: true);
        foreach (var name in new[] { HfTokenizerFiles.ConfigJson, HfTokenizerFiles.AddedTokensJson, HfTokenizerFiles.SpecialTokensMapJson })
            File.Copy(Path.Combine(RepoReference.LlavaTokenizer, name), temp.File(name), overwrite: true);
        return temp.Path;
    }

    [Fact]
    public void EveryReferencePrompt_GivesTheIdsOfTokenizersJs_WithAndWithoutSpecialTokens()
    {
        using var tokenizer = HfTokenizer.Load(SentencePieceOnlyDirectory());
        TextHfTokenizerTests.AssertReferenceIds(tokenizer);
    }

    [Fact]
    public void SpecialIds_AndDecoding_AreTheLlavaHfOnes()
    {
        using var tokenizer = HfTokenizer.Load(SentencePieceOnlyDirectory());
        Assert.Equal(1, tokenizer.BeginOfSentenceId);
        Assert.Equal(32000, tokenizer.TokenId("<image>"));
        Assert.Equal(32001, tokenizer.TokenId("<pad>"));
        Assert.Equal(32002, tokenizer.VocabularySize);
        Assert.Equal("What's the content?", tokenizer.Decode(tokenizer.EncodePlain("What's the content?")));
        // Decoding as Hugging Face's library decodes the same ids (special tokens skipped, one leading space stripped).
        using var rust = HfTokenizer.Load(RepoReference.LlavaTokenizer);
        foreach (var text in new[] { "USER: <image>\nIs it red?", "a<pad>b</s>", "  two  spaces ", "caf\u00e9 \u2581 \U0001F600" })
            Assert.Equal(rust.Decode(rust.Encode(text)), tokenizer.Decode(tokenizer.Encode(text)));
    }

    [Fact]
    public void TokenizerJson_KeepsPriority_OverTokenizerModel()
    {
        var directory = SentencePieceOnlyDirectory();
        File.WriteAllText(temp.File(HfTokenizerFiles.SentencePieceModel), "not a protobuf");
        File.Copy(Path.Combine(RepoReference.LlavaTokenizer, HfTokenizerFiles.TokenizerJson), temp.File(HfTokenizerFiles.TokenizerJson));
        using var tokenizer = HfTokenizer.Load(directory);
        Assert.Equal([1, 1317, 278, 14631, 2989, 470, 4069, 29973], tokenizer.Encode("Is the jar full or empty?"));
    }

    [Fact]
    public void CorruptOrMissingTokenizer_IsAnInputErrorNamingTheFiles()
    {
        var none = Assert.Throws<PidInputException>(() => HfTokenizer.Load(temp.Path));
        Assert.Contains("neither tokenizer.json", none.Message);
        Assert.Contains("nor tokenizer.model", none.Message);

        foreach (var bytes in new[] { "{ this is json, not protobuf }"u8.ToArray(), [], [0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01] })
        {
            File.WriteAllBytes(temp.File(HfTokenizerFiles.SentencePieceModel), bytes);
            var e = Assert.Throws<PidInputException>(() => HfTokenizer.Load(temp.Path));
            Assert.Contains("tokenizer.model", e.Message);
            Assert.Contains("SentencePiece", e.Message);
        }
    }

    [Fact]
    public void Inspect_OnATokenizerModelOnlyCheckpoint_WritesTheSamplesOfTheTokenizerJsonOne()
    {
        var (questions, images) = TinyHfLlava.WriteGqa(temp.Path, CliInspectTests.Questions, CliInspectTests.Images);
        string Samples(string model)
        {
            File.WriteAllText(Path.Combine(model, "config.json"), TinyHfLlava.Config.ToJson());
            string output = temp.File(Path.GetFileName(model) + ".json");
            var run = CliRun.Of("inspect", "--model", model, "--data", questions, "--images", images, "--out", output);
            Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
            using var doc = JsonDocument.Parse(File.ReadAllText(output));
            return doc.RootElement.GetProperty("samples").GetRawText();
        }
        string sentencePiece = temp.File("sentencepiece"), json = temp.File("json");
        Directory.CreateDirectory(sentencePiece);
        Directory.CreateDirectory(json);
        TinySentencePieceModel.Write(Path.Combine(sentencePiece, HfTokenizerFiles.SentencePieceModel), LlavaPieces.Value, byteFallback: true);
        foreach (var file in Directory.GetFiles(RepoReference.LlavaTokenizer, "*.json"))
        {
            File.Copy(file, Path.Combine(json, Path.GetFileName(file)));
            if (Path.GetFileName(file) != HfTokenizerFiles.TokenizerJson)
                File.Copy(file, Path.Combine(sentencePiece, Path.GetFileName(file)));
        }
        string expected = Samples(json);
        Assert.Contains("text_ids", expected);
        Assert.Equal(expected, Samples(sentencePiece));
    }
}

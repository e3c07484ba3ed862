using System.Text;

namespace PidGpu.Inputs.Text;

/// <summary>
/// A word-level vocabulary for the tiny model, saved as a BERT-style WordPiece <c>vocab.txt</c> (one token
/// a line, id = line number) so that Microsoft.ML.Tokenizers' <c>WordPieceTokenizer</c> loads it. Every word
/// is a whole token, so each answer word is exactly one id. <see cref="Save"/> also writes the same vocabulary as a
/// Hugging Face <c>tokenizer.json</c> (<see cref="WordLevelTokenizerJson"/>), which loaders prefer.
/// </summary>
public static class WordVocabulary
{
    public const string FileName = "vocab.txt";

    public const string Unknown = "<unk>";
    public const string BeginOfSentence = "<s>";
    public const string EndOfSentence = "</s>";
    public const string Padding = "<pad>";
    public const string Image = "<image>";

    /// <summary>The special tokens, ids 0..4 in this order.</summary>
    public static IReadOnlyList<string> SpecialTokens { get; } = [Unknown, BeginOfSentence, EndOfSentence, Padding, Image];

    /// <summary>Writes special tokens then the words (lower-cased, repeats dropped) to dir/vocab.txt and dir/tokenizer.json; returns vocab.txt's path.</summary>
    public static string Save(string directory, IEnumerable<string> words)
    {
        var tokens = new List<string>(SpecialTokens);
        foreach (var raw in words)
        {
            var word = raw.ToLowerInvariant();
            if (word.Length == 0 || word.Any(char.IsWhiteSpace))
                throw new PidInputException($"vocabulary word '{raw}' is empty or contains white space");
            if (!tokens.Contains(word))
                tokens.Add(word);
        }
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        File.WriteAllText(path, string.Join("\n", tokens) + "\n", new UTF8Encoding(false));
        WordLevelTokenizerJson.Write(directory, tokens);
        return path;
    }

    /// <summary>The tokens of dir/vocab.txt (id = index), checked to start with the special tokens.</summary>
    public static IReadOnlyList<string> Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
            throw new PidInputException($"tokenizer vocabulary '{path}' does not exist");
        var lines = File.ReadAllLines(path);
        for (int i = 0; i < SpecialTokens.Count; i++)
            if (i >= lines.Length || lines[i] != SpecialTokens[i])
                throw new PidInputException($"tokenizer vocabulary '{path}': line {i + 1} must be the special token '{SpecialTokens[i]}'");
        return lines;
    }
}

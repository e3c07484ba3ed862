using System.Text;

namespace PidGpu.Models.Text;

/// <summary>
/// A word-level vocabulary for the tiny model, saved as a BERT-style WordPiece <c>vocab.txt</c> (one token
/// a line, id = line number) so that Microsoft.ML.Tokenizers' <c>WordPieceTokenizer</c> loads it. Every word
/// is a whole token, so each answer word is exactly one id.
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

    /// <summary>Writes special tokens then the words (lower-cased, repeats dropped) to dir/vocab.txt; returns the path.</summary>
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
        return path;
    }
}

using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using PidGpu.Formats;

namespace PidGpu.Models.Text;

/// <summary>
/// Writes the tiny model's word vocabulary as a Hugging Face <c>tokenizer.json</c>: a WordLevel model over the same
/// tokens and ids as <c>vocab.txt</c>, lower-casing, words and single punctuation marks as pieces (what
/// Microsoft.ML.Tokenizers' word-or-punctuation pre-tokenizer gives), and the special tokens as added tokens, so
/// Hugging Face's own tokenizers (<see cref="HfTokenizer"/>) give the ids the word tokenizer gave.
/// </summary>
public static class WordLevelTokenizerJson
{
    /// <summary>A word (letters, digits, underscore) or one punctuation mark; white space and symbols are dropped.</summary>
    public const string PieceRegex = @"\w+|\p{P}";

    /// <summary>Writes dir/tokenizer.json for <paramref name="tokens"/> (id = index, special tokens first); returns the path.</summary>
    public static string Write(string directory, IReadOnlyList<string> tokens)
    {
        var path = Path.Combine(directory, HfTokenizerFiles.TokenizerJson);
        AtomicFile.WriteAllText(path, Build(tokens).ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
        return path;
    }

    /// <summary>Writes dir/tokenizer.json from the directory's <c>vocab.txt</c> (for model folders saved before the file existed).</summary>
    public static string WriteFromVocabulary(string directory) => Write(directory, WordVocabulary.Read(directory));

    /// <summary>The tokenizer.json document for <paramref name="tokens"/>.</summary>
    public static JsonObject Build(IReadOnlyList<string> tokens)
    {
        var added = new JsonArray();
        var vocab = new JsonObject();
        for (int id = 0; id < tokens.Count; id++)
        {
            if (id < WordVocabulary.SpecialTokens.Count)
                added.Add(new JsonObject
                {
                    ["id"] = id, ["content"] = tokens[id], ["single_word"] = false, ["lstrip"] = false,
                    ["rstrip"] = false, ["normalized"] = false, ["special"] = true,
                });
            vocab[tokens[id]] = id;
        }
        return new JsonObject
        {
            ["version"] = "1.0",
            ["truncation"] = null,
            ["padding"] = null,
            ["added_tokens"] = added,
            ["normalizer"] = new JsonObject { ["type"] = "Lowercase" },
            ["pre_tokenizer"] = new JsonObject
            {
                ["type"] = "Split", ["pattern"] = new JsonObject { ["Regex"] = PieceRegex },
                ["behavior"] = "Removed", ["invert"] = true,
            },
            ["post_processor"] = null,
            ["decoder"] = null,
            ["model"] = new JsonObject { ["type"] = "WordLevel", ["vocab"] = vocab, ["unk_token"] = WordVocabulary.Unknown },
        };
    }
}

using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using PidGpu.Formats;

namespace PidGpu.Inputs.Text;

/// <summary>
/// Writes the tiny model's word vocabulary as a Hugging Face <c>tokenizer.json</c>: a WordLevel model over the same
/// tokens and ids as <c>vocab.txt</c>, lower-casing, words and single punctuation marks as pieces (what
/// Microsoft.ML.Tokenizers' word-or-punctuation pre-tokenizer gives), and the special tokens as added tokens, so
/// Hugging Face's own tokenizers (<see cref="HfTokenizer"/>) give the ids the word tokenizer gave. Its post-processor puts
/// <c>&lt;s&gt;</c> first, as Llama's tokenizer.json does, so <c>tokenizer(prompt)</c> gives the ids the model was trained on
/// (BOS first; <c>add_special_tokens=False</c> leaves it out).
/// </summary>
public static class WordLevelTokenizerJson
{
    /// <summary>A word (letters, digits, underscore) or one punctuation mark; white space and symbols are dropped.</summary>
    public const string PieceRegex = @"\w+|\p{P}";

    /// <summary>
    /// Writes dir/tokenizer.json for <paramref name="tokens"/> (id = index, special tokens first) and dir/tokenizer_config.json
    /// (the special tokens' roles and the prompt the scene models are trained with, <see cref="HfTokenizerFiles.PromptTemplate"/>);
    /// returns the path of tokenizer.json.
    /// </summary>
    public static string Write(string directory, IReadOnlyList<string> tokens)
    {
        var path = Path.Combine(directory, HfTokenizerFiles.TokenizerJson);
        AtomicFile.WriteAllText(path, Indented(Build(tokens)));
        AtomicFile.WriteAllText(Path.Combine(directory, HfTokenizerFiles.ConfigJson), Indented(Config()));
        return path;
    }

    static string Indented(JsonObject document) =>
        document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";

    /// <summary>The tokenizer_config.json document: transformers' fast-tokenizer class, the special tokens, the training prompt.</summary>
    public static JsonObject Config() => new()
    {
        ["tokenizer_class"] = "PreTrainedTokenizerFast",
        ["bos_token"] = WordVocabulary.BeginOfSentence,
        ["eos_token"] = WordVocabulary.EndOfSentence,
        ["unk_token"] = WordVocabulary.Unknown,
        ["pad_token"] = WordVocabulary.Padding,
        [HfTokenizerFiles.PromptTemplateKey] = LlavaPromptTemplate.V15,
    };

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
            ["post_processor"] = BeginOfSentenceFirst(),
            ["decoder"] = null,
            ["model"] = new JsonObject { ["type"] = "WordLevel", ["vocab"] = vocab, ["unk_token"] = WordVocabulary.Unknown },
        };
    }

    // Llama's TemplateProcessing: "<s> $A" for one text, "<s> $A <s> $B" for a pair.
    static JsonObject BeginOfSentenceFirst()
    {
        string bos = WordVocabulary.BeginOfSentence;
        JsonObject Special(int type) => new() { ["SpecialToken"] = new JsonObject { ["id"] = bos, ["type_id"] = type } };
        JsonObject Sequence(string id, int type) => new() { ["Sequence"] = new JsonObject { ["id"] = id, ["type_id"] = type } };
        return new JsonObject
        {
            ["type"] = "TemplateProcessing",
            ["single"] = new JsonArray(Special(0), Sequence("A", 0)),
            ["pair"] = new JsonArray(Special(0), Sequence("A", 0), Special(1), Sequence("B", 1)),
            ["special_tokens"] = new JsonObject
            {
                [bos] = new JsonObject
                {
                    ["id"] = bos,
                    ["ids"] = new JsonArray(WordVocabulary.SpecialTokens.ToList().IndexOf(bos)),
                    ["tokens"] = new JsonArray(bos),
                },
            },
        };
    }
}

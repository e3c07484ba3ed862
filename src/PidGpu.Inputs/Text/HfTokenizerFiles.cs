using System.Text.Json;
using System.Text.Json.Nodes;

namespace PidGpu.Inputs.Text;

/// <summary>
/// Reads a Hugging Face model directory's tokenizer files into one <c>tokenizer.json</c> document: the
/// added tokens of <c>tokenizer_config.json</c> (<c>added_tokens_decoder</c>) and <c>added_tokens.json</c>
/// are put into its <c>added_tokens</c> list where it lacks them, as transformers does when it loads the
/// directory (llava-hf: <c>&lt;image&gt;</c> 32000, <c>&lt;pad&gt;</c> 32001). An entry of
/// <c>added_tokens.json</c> alone is added un-normalised, and special when <c>special_tokens_map.json</c> or
/// the config names it. Conflicting ids are an error, not a silent choice.
/// </summary>
public sealed class HfTokenizerFiles
{
    public const string TokenizerJson = "tokenizer.json";
    public const string ConfigJson = "tokenizer_config.json";
    public const string AddedTokensJson = "added_tokens.json";
    public const string SpecialTokensMapJson = "special_tokens_map.json";

    /// <summary>The slow tokenizer's SentencePiece model, which the question commands do not read (they need <see cref="TokenizerJson"/>).</summary>
    public const string SentencePieceModel = "tokenizer.model";

    private HfTokenizerFiles(JsonObject tokenizer, JsonObject? config, Dictionary<string, int> ids, int vocabularySize)
    {
        Tokenizer = tokenizer;
        Config = config;
        Ids = ids;
        VocabularySize = vocabularySize;
    }

    /// <summary>The merged <c>tokenizer.json</c> document.</summary>
    public JsonObject Tokenizer { get; }

    /// <summary><c>tokenizer_config.json</c>, when the directory has one.</summary>
    public JsonObject? Config { get; }

    /// <summary>Id of every vocabulary entry and added token, by its text.</summary>
    public IReadOnlyDictionary<string, int> Ids { get; }

    /// <summary>Largest id + 1 (embedding rows the ids need).</summary>
    public int VocabularySize { get; }

    /// <summary>Reads and merges the files of <paramref name="directory"/>.</summary>
    public static HfTokenizerFiles Read(string directory)
    {
        try
        {
            return ReadMerged(directory);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new PidInputException($"tokenizer files in '{directory}': an entry has the wrong type ({e.Message})", e);
        }
    }

    static HfTokenizerFiles ReadMerged(string directory)
    {
        var tokenizerPath = Path.Combine(directory, TokenizerJson);
        if (!File.Exists(tokenizerPath))
            throw new PidInputException($"model directory '{directory}' has no {TokenizerJson} (a Hugging Face fast-tokenizer file is required)" +
                (File.Exists(Path.Combine(directory, SentencePieceModel))
                    ? $"; it has only {SentencePieceModel}: let transformers write {TokenizerJson} once (AutoTokenizer.from_pretrained(DIR).save_pretrained(DIR))"
                    : ""));
        var tokenizer = ReadObject(tokenizerPath);
        var config = ReadOptional(Path.Combine(directory, ConfigJson));
        var specialMap = ReadOptional(Path.Combine(directory, SpecialTokensMapJson));
        var added = tokenizer["added_tokens"] as JsonArray ?? [];
        tokenizer["added_tokens"] = added;

        var ids = ModelVocabulary(tokenizer, tokenizerPath);
        foreach (var node in added)
        {
            var (content, id) = AddedEntry(node, tokenizerPath);
            ids[content] = id;
        }
        var specials = SpecialContents(config, specialMap);
        if (config?["added_tokens_decoder"] is JsonObject decoder)
            foreach (var (key, value) in decoder)
            {
                if (!int.TryParse(key, out int id) || value is not JsonObject entry || entry["content"]?.GetValue<string>() is not { } content)
                    throw new PidInputException($"{Path.Combine(directory, ConfigJson)}: added_tokens_decoder entry '{key}' needs an integer id and a 'content'");
                var merged = (JsonObject)entry.DeepClone();
                merged["id"] = id;
                Add(added, ids, content, id, merged, ConfigJson);
            }
        var addedPath = Path.Combine(directory, AddedTokensJson);
        if (ReadOptional(addedPath) is { } addedTokens)
            foreach (var (content, value) in addedTokens)
            {
                if (value is not JsonValue v || !v.TryGetValue(out int id))
                    throw new PidInputException($"{addedPath}: token '{content}' must map to an integer id");
                var entry = new JsonObject
                {
                    ["id"] = id, ["content"] = content, ["single_word"] = false, ["lstrip"] = false,
                    ["rstrip"] = false, ["normalized"] = false, ["special"] = specials.Contains(content),
                };
                Add(added, ids, content, id, entry, AddedTokensJson);
            }
        int size = ids.Count == 0 ? 0 : ids.Values.Max() + 1;
        return new HfTokenizerFiles(tokenizer, config, ids, size);
    }

    /// <summary>The id of <paramref name="content"/> (a vocabulary piece or an added token), or null.</summary>
    public int? Id(string content) => Ids.TryGetValue(content, out int id) ? id : null;

    /// <summary>The text of a special-token setting of tokenizer_config.json (<c>bos_token</c>, ...), or null.</summary>
    public string? ConfigToken(string key) => Config?[key] switch
    {
        JsonValue v when v.TryGetValue(out string? s) => s,
        JsonObject o => o["content"]?.GetValue<string>(),
        _ => null,
    };

    /// <summary>The key of <see cref="PromptTemplate"/> in tokenizer_config.json.</summary>
    public const string PromptTemplateKey = "prompt_template";

    /// <summary>
    /// tokenizer_config.json's <c>prompt_template</c>: the prompt the model was trained with, as a template name or a text with
    /// <c>&lt;image&gt;</c> and <c>{question}</c> (what <c>--template</c> takes), or null. It plays the part of transformers'
    /// <c>chat_template</c> (Jinja, which pidgpu does not run) for the question commands' default prompt.
    /// </summary>
    public string? PromptTemplate => Config?[PromptTemplateKey] switch
    {
        null => null,
        JsonValue v when v.TryGetValue(out string? s) && !string.IsNullOrWhiteSpace(s) => s,
        var other => throw new PidInputException($"{ConfigJson}: '{PromptTemplateKey}' must be a non-empty string (a template name or text), got {other.ToJsonString()}"),
    };

    static void Add(JsonArray added, Dictionary<string, int> ids, string content, int id, JsonObject entry, string file)
    {
        if (ids.TryGetValue(content, out int existing))
        {
            if (existing != id)
                throw new PidInputException($"{file} gives '{content}' id {id}, but the tokenizer already has it as id {existing}");
            return;
        }
        if (ids.FirstOrDefault(p => p.Value == id) is { Key: not null } other)
            throw new PidInputException($"{file} gives id {id} to '{content}', but the tokenizer already uses it for '{other.Key}'");
        ids[content] = id;
        added.Add(entry);
    }

    static Dictionary<string, int> ModelVocabulary(JsonObject tokenizer, string path)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        switch (tokenizer["model"]?["vocab"])
        {
            case JsonObject map: // BPE, WordPiece, WordLevel: piece -> id
                foreach (var (piece, id) in map)
                    ids[piece] = id?.GetValue<int>() ?? throw new PidInputException($"{path}: vocabulary entry '{piece}' has no id");
                break;
            case JsonArray list: // Unigram: [piece, score], id = index
                for (int i = 0; i < list.Count; i++)
                    ids.TryAdd(list[i]?[0]?.GetValue<string>() ?? throw new PidInputException($"{path}: vocabulary entry {i} has no piece"), i);
                break;
            default:
                throw new PidInputException($"{path}: 'model.vocab' is missing");
        }
        return ids;
    }

    static (string Content, int Id) AddedEntry(JsonNode? node, string path) =>
        node is JsonObject o && o["content"]?.GetValue<string>() is { } content && o["id"] is JsonValue v && v.TryGetValue(out int id)
            ? (content, id)
            : throw new PidInputException($"{path}: every added_tokens entry needs 'id' and 'content'");

    static HashSet<string> SpecialContents(JsonObject? config, JsonObject? specialMap)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in new[] { config, specialMap })
            if (source is not null)
                foreach (var (key, value) in source)
                    if (key.EndsWith("_token", StringComparison.Ordinal))
                        switch (value)
                        {
                            case JsonValue v when v.TryGetValue(out string? s): set.Add(s); break;
                            case JsonObject o when o["content"]?.GetValue<string>() is { } s: set.Add(s); break;
                        }
        return set;
    }

    static JsonObject? ReadOptional(string path) => File.Exists(path) ? ReadObject(path) : null;

    static JsonObject ReadObject(string path)
    {
        try
        {
            // Duplicate keys would otherwise surface later as ArgumentException from JsonObject.
            var node = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }) as JsonObject
                ?? throw new PidInputException($"'{path}' is not a JSON object");
            node.ToJsonString(); // writing reads every string, so an unpaired surrogate escape fails here, not in a later read
            return node;
        }
        catch (JsonException e)
        {
            throw new PidInputException($"'{path}' is not valid JSON: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            throw new PidInputException($"'{path}' holds a string that is not valid text (an unpaired surrogate escape such as \\ud800?): {e.Message}", e);
        }
    }
}

using System.Text.Json.Nodes;
using Microsoft.ML.Tokenizers;

namespace PidGpu.Inputs.Text;

/// <summary>
/// A directory's SentencePiece <c>tokenizer.model</c> (no <c>tokenizer.json</c>) run by Microsoft.ML.Tokenizers' LlamaTokenizer,
/// with what transformers adds around it: the text is first cut at the added tokens (<c>added_tokens_decoder</c>,
/// <c>added_tokens.json</c>, the config's bos/eos/unk/pad; longest match first, <c>lstrip</c>/<c>rstrip</c> honoured), each
/// piece between them is encoded on its own (so each gets SentencePiece's dummy-prefix '▁', as Llama's legacy tokenizer
/// does after <c>&lt;image&gt;</c>), and BOS/EOS are added as <c>add_bos_token</c>/<c>add_eos_token</c> say (default BOS only).
/// </summary>
internal sealed class SentencePieceTokenizerEngine : ITokenizerEngine
{
    readonly SentencePieceTokenizer model;
    readonly AddedTokenSplitter splitter;
    readonly HashSet<int> special;
    readonly int? bos, eos;

    SentencePieceTokenizerEngine(SentencePieceTokenizer model, AddedTokenSplitter splitter, HashSet<int> special, int? bos, int? eos)
    {
        this.model = model;
        this.splitter = splitter;
        this.special = special;
        this.bos = bos;
        this.eos = eos;
    }

    /// <summary>Reads <c>dir/tokenizer.model</c>; one that is not a SentencePiece BPE model is a PidInputException.</summary>
    public static SentencePieceTokenizer ReadModel(string directory)
    {
        var path = Path.Combine(directory, HfTokenizerFiles.SentencePieceModel);
        try
        {
            using var stream = File.OpenRead(path);
            var llama = LlamaTokenizer.Create(stream, addBeginOfSentence: false, addEndOfSentence: false);
            return llama.Vocabulary.Count > 0 ? llama : throw new InvalidDataException("it has no pieces");
        }
        catch (Exception e) when (e is not PidInputException)
        {
            throw new PidInputException($"'{path}' is not a SentencePiece BPE model that Microsoft.ML.Tokenizers' LlamaTokenizer reads: {e.Message}", e);
        }
    }

    public static SentencePieceTokenizerEngine Create(SentencePieceTokenizer model, HfTokenizerFiles files, string directory)
    {
        var tokens = new List<AddedTokenSplitter.Token>();
        var special = new HashSet<int>();
        foreach (var entry in files.Tokenizer["added_tokens"]!.AsArray().OfType<JsonObject>())
        {
            var token = new AddedTokenSplitter.Token(entry["content"]!.GetValue<string>(), entry["id"]!.GetValue<int>(),
                Flag(entry, "lstrip", false), Flag(entry, "rstrip", false));
            tokens.Add(token);
            if (Flag(entry, "special", false)) special.Add(token.Id);
        }
        foreach (var key in new[] { "bos_token", "eos_token", "unk_token", "pad_token" })
            if (files.ConfigToken(key) is { } content && files.Id(content) is { } id && tokens.All(t => t.Content != content))
            {
                tokens.Add(new AddedTokenSplitter.Token(content, id, false, false));
                special.Add(id);
            }
        int? bos = Flag(files.Config, "add_bos_token", true) ? Named(files, "bos_token", directory) ?? model.BeginningOfSentenceId : null;
        int? eos = Flag(files.Config, "add_eos_token", false) ? Named(files, "eos_token", directory) ?? model.EndOfSentenceId : null;
        if (bos is { } b) special.Add(b);
        if (eos is { } e) special.Add(e);
        return new SentencePieceTokenizerEngine(model, new AddedTokenSplitter(tokens), special, bos, eos);
    }

    public int[] Encode(string text, bool withSpecial)
    {
        var ids = new List<int>();
        if (withSpecial && bos is { } b) ids.Add(b);
        foreach (var (piece, id) in splitter.Split(text))
            if (id is { } added) ids.Add(added);
            else if (piece.Length > 0) ids.AddRange(model.EncodeToIds(piece, addBeginningOfSentence: false, addEndOfSentence: false));
        if (withSpecial && eos is { } e) ids.Add(e);
        return [.. ids];
    }

    public string Decode(int[] ids)
    {
        var text = new System.Text.StringBuilder();
        var run = new List<int>();
        foreach (int id in ids.Where(i => !special.Contains(i)))
            if (splitter.Content(id) is { } added)
            {
                text.Append(model.Decode(run)).Append(added);
                run.Clear();
            }
            else run.Add(id);
        return text.Append(model.Decode(run)).ToString();
    }

    public void Dispose() { }

    static bool Flag(JsonObject? o, string key, bool fallback) =>
        o?[key] is JsonValue v && v.TryGetValue(out bool b) ? b : fallback;

    static int? Named(HfTokenizerFiles files, string key, string directory) => files.ConfigToken(key) is { } content
        ? files.Id(content) ?? throw new PidInputException($"{HfTokenizerFiles.ConfigJson} of '{directory}' names {key} '{content}', which its tokenizer does not have")
        : null;
}

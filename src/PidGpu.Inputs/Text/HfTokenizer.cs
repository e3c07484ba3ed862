using System.Text.Json.Nodes;
using RustTokenizer = Tokenizers.DotNet.Tokenizer;
using RustTokenizerException = Tokenizers.DotNet.TokenizerException;

namespace PidGpu.Inputs.Text;

/// <summary>
/// A Hugging Face model directory's tokenizer, run by Hugging Face's own tokenizers library (Rust, through
/// Tokenizers.DotNet): <c>tokenizer.json</c> with the added tokens of <c>added_tokens.json</c> and
/// <c>tokenizer_config.json</c> (see <see cref="HfTokenizerFiles"/>). <see cref="Encode"/> is what
/// <c>tokenizer(text)</c> gives in transformers (the post-processor's special tokens, BOS for Llama);
/// <see cref="EncodePlain"/> is <c>add_special_tokens=False</c>. Tokenizers.DotNet always runs the
/// post-processor, so the plain ids come from a second instance whose post-processor is removed, which is what
/// <c>add_special_tokens=False</c> means in the library.
/// </summary>
public sealed class HfTokenizer : IDisposable
{
    readonly RustTokenizer withSpecial;
    readonly RustTokenizer plain;

    private HfTokenizer(RustTokenizer withSpecial, RustTokenizer plain, HfTokenizerFiles files, string directory)
    {
        this.withSpecial = withSpecial;
        this.plain = plain;
        Files = files;
        Directory = directory;
        BeginOfSentenceId = files.ConfigToken("bos_token") is { } bos ? files.Id(bos) : null;
    }

    /// <summary>The merged tokenizer files.</summary>
    public HfTokenizerFiles Files { get; }

    /// <summary>The model directory it was loaded from (for messages).</summary>
    public string Directory { get; }

    /// <summary>Largest id + 1, added tokens included.</summary>
    public int VocabularySize => Files.VocabularySize;

    /// <summary>The config's <c>bos_token</c> id, when it names one.</summary>
    public int? BeginOfSentenceId { get; }

    /// <summary>The id of a vocabulary piece or added token (e.g. <c>&lt;image&gt;</c>), or null.</summary>
    public int? TokenId(string content) => Files.Id(content);

    /// <summary>Loads <paramref name="directory"/>'s tokenizer; a missing or unreadable file is a PidInputException.</summary>
    public static HfTokenizer Load(string directory)
    {
        var files = HfTokenizerFiles.Read(directory);
        CheckTemplates(files.Tokenizer["post_processor"], directory);
        var plainDocument = (JsonObject)files.Tokenizer.DeepClone();
        plainDocument["post_processor"] = null;
        RustTokenizer? special = null;
        try
        {
            special = Create(files.Tokenizer, directory);
            return new HfTokenizer(special, Create(plainDocument, directory), files, directory);
        }
        catch
        {
            special?.Dispose();
            throw;
        }
    }

    /// <summary>Ids of <paramref name="text"/> with the post-processor's special tokens (transformers' default).</summary>
    public int[] Encode(string text) => Run(withSpecial, text);

    /// <summary>Ids of <paramref name="text"/> without special tokens (<c>add_special_tokens=False</c>).</summary>
    public int[] EncodePlain(string text) => Run(plain, text);

    /// <summary>The text of <paramref name="ids"/> as the tokenizer's decoder writes it.</summary>
    public string Decode(IEnumerable<int> ids)
    {
        var raw = ids.Select(id => id >= 0 && id < VocabularySize
            ? (uint)id
            : throw new PidInputException($"token id {id} is outside the vocabulary of '{Directory}' (size {VocabularySize})")).ToArray();
        try
        {
            return withSpecial.Decode(raw);
        }
        catch (RustTokenizerException e)
        {
            throw new PidInputException($"tokenizer of '{Directory}' cannot decode ids: {e.Message}", e);
        }
    }

    public void Dispose()
    {
        withSpecial.Dispose();
        plain.Dispose();
    }

    int[] Run(RustTokenizer tokenizer, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            // A post-processor's special_tokens may give any id; one outside the vocabulary would index past the embeddings.
            return Array.ConvertAll(tokenizer.Encode(text), id => id < (uint)VocabularySize ? (int)id
                : throw new PidInputException($"tokenizer of '{Directory}' gives id {id} for '{text}', outside its vocabulary (size {VocabularySize}); check the post-processor's special_tokens"));
        }
        catch (RustTokenizerException e)
        {
            throw new PidInputException($"tokenizer of '{Directory}' cannot encode '{text}': {e.Message}", e);
        }
    }

    /// <summary>
    /// The Rust library loads a template that names a special token its <c>special_tokens</c> lack, then panics on the
    /// first encode, which aborts the process; so each template (also inside a Sequence) is checked here. Checked by
    /// shape, not by "type": the library takes an object with templates as a TemplateProcessing whatever its type says.
    /// </summary>
    static void CheckTemplates(JsonNode? processor, string directory)
    {
        if (processor is not JsonObject p) return;
        if (p["processors"] is JsonArray inner)
            foreach (var q in inner) CheckTemplates(q, directory);
        var defined = p["special_tokens"] as JsonObject;
        foreach (var template in new[] { "single", "pair" })
            if (p[template] is JsonArray pieces)
                foreach (var piece in pieces)
                    if (piece is JsonObject o && o["SpecialToken"] is JsonObject special && special["id"] is JsonValue v
                        && v.TryGetValue(out string? id) && defined?.ContainsKey(id) != true)
                        throw new PidInputException($"{HfTokenizerFiles.TokenizerJson} of '{directory}': the post-processor's '{template}' template uses the special token '{id}', which its special_tokens do not define");
    }

    // Tokenizers.DotNet loads from a path only, so the merged document goes through a private temporary file.
    static RustTokenizer Create(JsonObject document, string directory)
    {
        var path = Path.Combine(Path.GetTempPath(), $"pidgpu-tokenizer-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, document.ToJsonString());
            return new RustTokenizer(path);
        }
        catch (RustTokenizerException e)
        {
            throw new PidInputException($"{HfTokenizerFiles.TokenizerJson} of '{directory}' is not a tokenizer the Hugging Face library accepts: {e.Message}", e);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

using System.Text.Json.Nodes;
using RustTokenizer = Tokenizers.DotNet.Tokenizer;
using RustTokenizerException = Tokenizers.DotNet.TokenizerException;

namespace PidGpu.Inputs.Text;

/// <summary>
/// A merged <c>tokenizer.json</c> run by Hugging Face's Rust tokenizers (Tokenizers.DotNet). That library always runs the
/// post-processor, so the plain ids come from a second instance whose post-processor is removed, which is what
/// <c>add_special_tokens=False</c> means in the library.
/// </summary>
internal sealed class RustTokenizerEngine : ITokenizerEngine
{
    readonly RustTokenizer withSpecial;
    readonly RustTokenizer plain;
    readonly string directory;

    RustTokenizerEngine(RustTokenizer withSpecial, RustTokenizer plain, string directory)
    {
        this.withSpecial = withSpecial;
        this.plain = plain;
        this.directory = directory;
    }

    public static RustTokenizerEngine Create(HfTokenizerFiles files, string directory)
    {
        CheckTemplates(files.Tokenizer["post_processor"], directory);
        var plainDocument = (JsonObject)files.Tokenizer.DeepClone();
        plainDocument["post_processor"] = null;
        RustTokenizer? special = null;
        try
        {
            special = Create(files.Tokenizer, directory);
            return new RustTokenizerEngine(special, Create(plainDocument, directory), directory);
        }
        catch
        {
            special?.Dispose();
            throw;
        }
    }

    public int[] Encode(string text, bool withSpecial)
    {
        try
        {
            return Array.ConvertAll((withSpecial ? this.withSpecial : plain).Encode(text), id => unchecked((int)id));
        }
        catch (RustTokenizerException e)
        {
            throw new PidInputException($"tokenizer of '{directory}' cannot encode '{text}': {e.Message}", e);
        }
    }

    public string Decode(int[] ids)
    {
        try
        {
            return withSpecial.Decode(Array.ConvertAll(ids, id => (uint)id));
        }
        catch (RustTokenizerException e)
        {
            throw new PidInputException($"tokenizer of '{directory}' cannot decode ids: {e.Message}", e);
        }
    }

    public void Dispose()
    {
        withSpecial.Dispose();
        plain.Dispose();
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

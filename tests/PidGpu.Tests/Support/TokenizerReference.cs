using System.Text.Json;

namespace PidGpu.Tests.Support;

/// <summary>Reads Reference/llava-tokenizer-ids.json (scripts/reference/tokenizer-ids.mjs).</summary>
public static class TokenizerReference
{
    static readonly Lazy<IReadOnlyList<TokenizerCase>> Loaded = new(Load);

    public static IReadOnlyList<TokenizerCase> Cases => Loaded.Value;

    static IReadOnlyList<TokenizerCase> Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoReference.Path("llava-tokenizer-ids.json")));
        static int[] Ints(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetInt32())];
        return [.. doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => new TokenizerCase(
            c.GetProperty("group").GetString()!, c.GetProperty("text").GetString()!, Ints(c.GetProperty("ids")), Ints(c.GetProperty("ids_plain"))))];
    }
}

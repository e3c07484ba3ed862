namespace PidGpu.Inputs.Text;

/// <summary>
/// Cuts text at added tokens as Hugging Face's tokenizers does before the model runs: leftmost match, the longest where
/// several start at one place; <c>lstrip</c>/<c>rstrip</c> tokens take the whitespace beside them.
/// </summary>
internal sealed class AddedTokenSplitter
{
    public sealed record Token(string Content, int Id, bool LeftStrip, bool RightStrip);

    readonly Token[] longestFirst;
    readonly Dictionary<int, string> contentById;

    public AddedTokenSplitter(IEnumerable<Token> tokens)
    {
        longestFirst = [.. tokens.Where(t => t.Content.Length > 0).OrderByDescending(t => t.Content.Length)];
        contentById = longestFirst.GroupBy(t => t.Id).ToDictionary(g => g.Key, g => g.First().Content);
    }

    /// <summary>The content of added token <paramref name="id"/>, or null for a model piece.</summary>
    public string? Content(int id) => contentById.GetValueOrDefault(id);

    /// <summary>The text in order as plain pieces (Id null) and added tokens (their id).</summary>
    public IEnumerable<(string Text, int? Id)> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int plainStart = 0, i = 0;
        while (i < text.Length)
        {
            var match = Array.Find(longestFirst, t => string.CompareOrdinal(text, i, t.Content, 0, t.Content.Length) == 0);
            if (match is null)
            {
                i++;
                continue;
            }
            int plainEnd = i, next = i + match.Content.Length;
            if (match.LeftStrip)
                while (plainEnd > plainStart && char.IsWhiteSpace(text[plainEnd - 1])) plainEnd--;
            if (match.RightStrip)
                while (next < text.Length && char.IsWhiteSpace(text[next])) next++;
            yield return (text[plainStart..plainEnd], null);
            yield return (match.Content, match.Id);
            plainStart = i = next;
        }
        yield return (text[plainStart..], null);
    }
}

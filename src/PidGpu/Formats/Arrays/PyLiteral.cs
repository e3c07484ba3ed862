using System.Globalization;
using System.Text;

namespace PidGpu.Formats.Arrays;

/// <summary>
/// Parses the Python literal in a .npy header: a dict of strings, True/False/None, integers, and tuples or lists.
/// Values: string, bool, long, null, List&lt;object?&gt; (tuple or list), Dictionary&lt;string, object?&gt;.
/// </summary>
internal sealed class PyLiteral
{
    readonly string text;
    readonly string path;
    int pos;

    PyLiteral(string text, string path) { this.text = text; this.path = path; }

    public static Dictionary<string, object?> ParseDict(string text, string path)
    {
        var parser = new PyLiteral(text, path);
        parser.SkipSpace();
        if (parser.Peek() != '{') throw parser.Error("expected a dict starting with '{'");
        var dict = (Dictionary<string, object?>)parser.Value(depth: 0)!;
        parser.SkipSpace();
        if (parser.pos != text.Length) throw parser.Error("unexpected text after the dict");
        return dict;
    }

    /// <summary>Python-like rendering for messages.</summary>
    public static string Show(object? value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        long n => n.ToString(CultureInfo.InvariantCulture),
        string s => $"'{s}'",
        List<object?> list => list.Count == 1 ? $"({Show(list[0])},)" : $"({string.Join(", ", list.Select(Show))})",
        Dictionary<string, object?> d => "{" + string.Join(", ", d.Select(kv => $"'{kv.Key}': {Show(kv.Value)}")) + "}",
        _ => value.ToString() ?? "?",
    };

    PidInputException Error(string what)
    {
        string shown = text.Trim();
        if (shown.Length > 200) shown = shown[..200] + "...";
        return new PidInputException($"{path}: malformed .npy header: {what} at character {pos + 1} of {shown}");
    }

    char Peek() => pos < text.Length ? text[pos] : '\0';

    void SkipSpace()
    {
        while (pos < text.Length && char.IsWhiteSpace(text[pos])) pos++;
    }

    object? Value(int depth)
    {
        if (depth > 32) throw Error("nesting too deep");
        SkipSpace();
        char c = Peek();
        switch (c)
        {
            case '{':
                pos++;
                var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var _ in Items('}'))
                {
                    if (Value(depth + 1) is not string key) throw Error("dict keys must be strings");
                    SkipSpace();
                    if (Peek() != ':') throw Error("expected ':'");
                    pos++;
                    dict[key] = Value(depth + 1);
                }
                return dict;
            case '(' or '[':
                pos++;
                var list = new List<object?>();
                foreach (var _ in Items(c == '(' ? ')' : ']'))
                    list.Add(Value(depth + 1));
                return list;
            case '\'' or '"':
                return String(c);
            case '\0':
                throw Error("unexpected end of header");
        }
        if (c == '-' || char.IsAsciiDigit(c))
        {
            int start = pos;
            if (c == '-') pos++;
            while (char.IsAsciiDigit(Peek())) pos++;
            if (!long.TryParse(text.AsSpan(start, pos - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n))
                throw Error("bad integer");
            if (Peek() is 'L' or 'l') pos++; // Python 2 long suffix in old files
            return n;
        }
        int wordStart = pos;
        while (char.IsAsciiLetterOrDigit(Peek()) || Peek() == '_') pos++;
        string word = text[wordStart..pos];
        return word switch
        {
            "True" => true,
            "False" => false,
            "None" => null,
            _ => throw Error(word.Length == 0 ? $"unexpected '{c}'" : $"unexpected '{word}'"),
        };
    }

    /// <summary>Yields once per element of a comma-separated sequence ending in <paramref name="close"/>; trailing comma allowed.</summary>
    IEnumerable<int> Items(char close)
    {
        for (int i = 0; ; i++)
        {
            SkipSpace();
            if (Peek() == close) { pos++; yield break; }
            if (Peek() == '\0') throw Error($"missing '{close}'");
            yield return i; // the caller parses one element here
            SkipSpace();
            if (Peek() == ',') pos++;
            else if (Peek() != close) throw Error($"expected ',' or '{close}'");
        }
    }

    string String(char quote)
    {
        pos++;
        var sb = new StringBuilder();
        while (true)
        {
            if (pos >= text.Length) throw Error("unterminated string");
            char c = text[pos++];
            if (c == quote) return sb.ToString();
            if (c == '\\')
            {
                if (pos >= text.Length) throw Error("unterminated string");
                char e = text[pos++];
                sb.Append(e switch { 'n' => '\n', 't' => '\t', 'r' => '\r', '0' => '\0', _ => e });
            }
            else sb.Append(c);
        }
    }
}

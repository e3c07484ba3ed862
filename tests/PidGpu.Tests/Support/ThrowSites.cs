using System.Text;

namespace PidGpu.Tests.Support;

/// <summary>
/// The string literals of a C# source's error sites, found by a small scanner (comments skipped; regular, verbatim, interpolated and
/// raw strings read whole, with the strings nested in interpolations): every <c>throw</c> statement or expression, every
/// <c>new PidInputException(…)</c> with its initializer, and every assignment of a <c>problem</c> text (the library's name for an
/// error's <see cref="PidInputException.Problem"/>), each up to its end (a <c>;</c> or <c>,</c> outside brackets, or the bracket that
/// closes around it).
/// </summary>
internal static class ThrowSites
{
    /// <summary>(line, literal text) of each string literal inside an error site of <paramref name="source"/>.</summary>
    public static List<(int Line, string Text)> Literals(string source)
    {
        var code = new StringBuilder(source.Length);
        var literals = new List<(int Start, string Text)>();
        for (int i = 0; i < source.Length;)
        {
            int end = SkipTrivia(source, i);
            if (end > i) { code.Append(' ', end - i); i = end; continue; }
            end = StringEnd(source, i);
            if (end > i)
            {
                literals.Add((i, source[i..end]));
                code.Append('"').Append(' ', end - i - 2).Append('"');
                i = end;
                continue;
            }
            code.Append(source[i++]);
        }
        string text = code.ToString();
        var spans = new List<(int Start, int End)>();
        foreach (var marker in new[] { "throw ", "new PidInputException(", "problem =" })
            for (int at = text.IndexOf(marker, StringComparison.Ordinal); at >= 0; at = text.IndexOf(marker, at + 1, StringComparison.Ordinal))
                if (at == 0 || !char.IsLetterOrDigit(text[at - 1]))
                    spans.Add((at, SiteEnd(text, marker.EndsWith('(') ? at + marker.Length - 1 : at + marker.Length)));
        return literals.Where(l => spans.Any(s => l.Start >= s.Start && l.Start < s.End))
            .Select(l => (source[..l.Start].Count(c => c == '\n') + 1, l.Text)).ToList();
    }

    static int SiteEnd(string code, int i)
    {
        for (int depth = 0; i < code.Length; i++)
        {
            char c = code[i];
            if (c is '(' or '[' or '{') depth++;
            else if (c is ')' or ']' or '}' && --depth < 0) return i;
            else if (c is ';' or ',' && depth == 0) return i;
        }
        return code.Length;
    }

    /// <summary>The end of a comment or char literal starting at <paramref name="i"/>; <paramref name="i"/> when none starts there.</summary>
    static int SkipTrivia(string s, int i)
    {
        if (s.AsSpan(i).StartsWith("//")) { int n = s.IndexOf('\n', i); return n < 0 ? s.Length : n; }
        if (s.AsSpan(i).StartsWith("/*")) { int n = s.IndexOf("*/", i + 2, StringComparison.Ordinal); return n < 0 ? s.Length : n + 2; }
        if (s[i] == '\'')
        {
            int j = i + 1;
            if (j < s.Length && s[j] == '\\') j++;
            j++;
            return j < s.Length && s[j] == '\'' ? j + 1 : i;
        }
        return i;
    }

    /// <summary>The end of a string literal starting at <paramref name="i"/> (its prefix included); <paramref name="i"/> when none starts there.</summary>
    static int StringEnd(string s, int i)
    {
        int j = i;
        bool interpolated = false, verbatim = false;
        while (j < s.Length && s[j] is '$' or '@')
        {
            interpolated |= s[j] == '$';
            verbatim |= s[j] == '@';
            j++;
        }
        if (j >= s.Length || s[j] != '"') return i;
        if (s.AsSpan(j).StartsWith("\"\"\""))
        {
            int quotes = 0;
            while (j + quotes < s.Length && s[j + quotes] == '"') quotes++;
            int close = s.IndexOf(new string('"', quotes), j + quotes, StringComparison.Ordinal);
            return close < 0 ? s.Length : close + quotes;
        }
        for (j++; j < s.Length; j++)
        {
            char c = s[j];
            if (!verbatim && c == '\\') { j++; continue; }
            if (c == '"')
            {
                if (verbatim && j + 1 < s.Length && s[j + 1] == '"') { j++; continue; }
                return j + 1;
            }
            if (interpolated && c == '{')
            {
                if (j + 1 < s.Length && s[j + 1] == '{') { j++; continue; }
                j = InterpolationEnd(s, j + 1);
            }
        }
        return s.Length;
    }

    /// <summary>The index of the <c>}</c> closing an interpolation hole that starts at <paramref name="i"/>.</summary>
    static int InterpolationEnd(string s, int i)
    {
        for (int depth = 0; i < s.Length; i++)
        {
            int end = StringEnd(s, i);
            if (end > i) { i = end - 1; continue; }
            end = SkipTrivia(s, i);
            if (end > i && s[i] == '\'') { i = end - 1; continue; }
            if (s[i] == '{') depth++;
            else if (s[i] == '}' && depth-- == 0) return i;
        }
        return s.Length;
    }
}

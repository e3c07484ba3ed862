using System.Text;
using System.Text.RegularExpressions;

namespace PidGpu.Fuzz;

/// <summary>
/// Tokens for the text mutations: the structural characters and literals of JSON, CSV and Python, odd escapes, and
/// what the seeds of a target contain (quoted keys and strings, words, numbers), so mutations speak the format.
/// </summary>
sealed partial class Dictionary
{
    static readonly string[] Common =
    [
        "{", "}", "[", "]", "(", ")", ",", ":", "\"", "'", "\\", "\n", "\r\n", "\t", " ", "null", "true", "false",
        "True", "False", "None", "\"\"", "\"\\u0000\"", "\"\\ud800\"", "\\u0000", "\0", "\u00ff\u00fe", "/*", "//", "{}",
        "[]", "()", "-", "e", ".", "1L", "\"\\\"", "\u00e9",
    ];

    const int MaxSeedTokens = 512;

    readonly List<byte[]> tokens;

    public Dictionary(IEnumerable<byte[]> seeds)
    {
        var set = new HashSet<string>(Common, StringComparer.Ordinal);
        foreach (var seed in seeds)
            foreach (Match m in TokenPattern().Matches(Encoding.Latin1.GetString(seed)))
                if (set.Count < Common.Length + MaxSeedTokens) set.Add(m.Value);
        tokens = set.Order(StringComparer.Ordinal).Select(Encoding.Latin1.GetBytes).ToList();
    }

    public int Count => tokens.Count;

    public byte[] Pick(Random rng) => tokens[rng.Next(tokens.Count)];

    [GeneratedRegex("\"(?:[^\"\\\\\\n]|\\\\.){0,40}\"|'[^'\\n]{0,40}'|[A-Za-z_][A-Za-z0-9_]{1,30}|-?[0-9]+(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")]
    private static partial Regex TokenPattern();
}

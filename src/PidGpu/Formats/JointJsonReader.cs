using System.Globalization;
using System.Text.Json;
using PidGpu.Estimate;

namespace PidGpu.Formats;

/// <summary>
/// Reads <c>{"p": [[[...]]]}</c>: a nested array p[x1][x2][y] of non-negative probabilities or counts.
/// Every error names the file and the offending index.
/// </summary>
public static class JointJsonReader
{
    /// <exception cref="PidInputException">Missing/unreadable file, malformed JSON, or a bad table.</exception>
    public static JointDistribution Read(string path) => Parse(InputFile.ReadAllText(path), path);

    /// <param name="source">Name used in error messages (usually the file path).</param>
    public static JointDistribution Parse(string json, string source)
    {
        using var doc = ParseDocument(json, source);
        var root = doc.RootElement;
        JsonText.Check(root, source);
        if (root.ValueKind != JsonValueKind.Object)
            throw new PidInputException($"{source}: the top level must be an object {{\"p\": [[[...]]]}}, got {Kind(root)}.");
        if (!root.TryGetProperty("p", out var p))
            throw new PidInputException($"{source}: missing \"p\" (expected {{\"p\": [[[...]]]}} indexed p[x1][x2][y]).");

        int n1 = ArrayLength(p, "p", source);
        int n2 = -1, ny = -1;
        var weights = new List<double>();
        for (int a = 0; a < n1; a++)
        {
            var pa = p[a];
            int len2 = ArrayLength(pa, $"p[{a}]", source);
            n2 = CheckRagged(n2, len2, $"p[{a}]", "p[0]", source);
            for (int b = 0; b < n2; b++)
            {
                var pab = pa[b];
                int leny = ArrayLength(pab, $"p[{a}][{b}]", source);
                ny = CheckRagged(ny, leny, $"p[{a}][{b}]", "p[0][0]", source);
                if ((long)n1 * n2 * ny > JointDistribution.MaxCells)
                    throw new PidInputException($"{source}: {n1}x{n2}x{ny} cells exceeds the limit of {JointDistribution.MaxCells}.");
                for (int c = 0; c < ny; c++)
                    weights.Add(Entry(pab[c], $"p[{a}][{b}][{c}]", source));
            }
        }
        // The constructor re-checks the numbers and rejects an all-zero table, naming the file.
        return new JointDistribution(n1, n2, ny, weights.ToArray(), source);
    }

    static JsonDocument ParseDocument(string json, string source)
    {
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            // JsonException counts from 0; people count from 1.
            string line = ex.LineNumber is long l ? (l + 1).ToString(CultureInfo.InvariantCulture) : "?";
            string pos = ex.BytePositionInLine is long b ? (b + 1).ToString(CultureInfo.InvariantCulture) : "?";
            // Drop the parser's own location suffix and its advice about reader options; we give both better.
            string what = ex.Message;
            foreach (var tail in new[] { " Path:", " LineNumber:", " Change the reader options." })
            {
                int cut = what.IndexOf(tail, StringComparison.Ordinal);
                if (cut > 0) what = what[..cut];
            }
            throw new PidInputException($"{source}: malformed JSON at line {line}, byte {pos}: {what}", ex);
        }
    }

    static int ArrayLength(JsonElement e, string where, string source)
    {
        if (e.ValueKind != JsonValueKind.Array)
            throw new PidInputException($"{source}: {where} must be an array, got {Kind(e)} (expected p[x1][x2][y]).");
        int n = e.GetArrayLength();
        if (n == 0)
            throw new PidInputException($"{source}: {where} is an empty array.");
        return n;
    }

    /// <summary>The first array at a level fixes its length; every later one must match.</summary>
    static int CheckRagged(int expected, int actual, string where, string first, string source)
    {
        if (expected < 0) return actual;
        if (actual != expected)
            throw new PidInputException($"{source}: ragged array: {where} has length {actual} but {first} has length {expected}.");
        return expected;
    }

    static double Entry(JsonElement e, string where, string source)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Number:
                if (!e.TryGetDouble(out double v) || !double.IsFinite(v))
                    throw new PidInputException($"{source}: {where} = {e.GetRawText()} is out of range; entries must be finite.");
                if (v < 0)
                    throw new PidInputException($"{source}: {where} is negative ({e.GetRawText()}); entries must be probabilities or counts.");
                return v;
            case JsonValueKind.String:
                string s = e.GetString() ?? "";
                if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) && double.IsNaN(parsed))
                    throw new PidInputException($"{source}: {where} is NaN (\"{s}\"); entries must be finite numbers.");
                if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out parsed) && double.IsInfinity(parsed))
                    throw new PidInputException($"{source}: {where} is infinite (\"{s}\"); entries must be finite numbers.");
                throw new PidInputException($"{source}: {where} is the string \"{s}\"; entries must be plain JSON numbers.");
            default:
                throw new PidInputException($"{source}: {where} is {Kind(e)}, not a number.");
        }
    }

    static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => e.ValueKind.ToString(),
    };
}

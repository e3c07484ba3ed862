using System.Buffers.Binary;
using System.Text;

namespace PidGpu.Fuzz;

/// <summary>
/// AFL-style havoc on bytes, made aware of the text formats: each input gets 1, 2 or 4 stacked mutations chosen from
/// bit flips, byte edits, insertions, deletions, truncation, chunk duplication, splicing with another corpus entry,
/// interesting integers written into binary headers or over decimal numbers, dictionary tokens (taken from the seeds:
/// keys, strings, words), bracket nesting and repeated JSON values or lines. Deterministic for a given seed.
/// </summary>
sealed class Mutator(Random rng, Dictionary dictionary, int maxLength)
{
    static readonly ulong[] InterestingBinary =
    [
        0, 1, 2, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 1 << 26, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF,
        1UL << 32, 1UL << 53, long.MaxValue, 1UL << 63, ulong.MaxValue,
    ];

    static readonly string[] InterestingDecimal =
    [
        "0", "-0", "1", "-1", "2", "255", "256", "65535", "65536", "2147483647", "2147483648", "-2147483648",
        "4294967296", "67108863", "67108864", "9007199254740993", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "18446744073709551616", "99999999999999999999999999", "1e308", "1e309", "-1e309",
        "1e-400", "NaN", "Infinity", "-Infinity", "0.1", "1.5", "-2.5e-3", "0x10", "1_000",
    ];

    /// <summary>Strings a reader may not expect: empty, blank, control characters, lone surrogate escapes, invalid UTF-8.</summary>
    static readonly byte[][] OddStrings =
    [
        .. new[] { "\"\"", "\" \"", "\"\\u0000\"", "\"a\\u0000b\"", "\"\\ud800\"", "\"\\udc00x\"", "\"../../x\"", "\"/\"", "\"\\\\\"" }
            .Select(Encoding.ASCII.GetBytes),
        [(byte)'"', 0xFF, (byte)'"'], [(byte)'"', (byte)'a', 0xC3, (byte)'"'], [(byte)'"', 0xED, 0xA0, 0x80, (byte)'"'],
    ];

    public byte[] Mutate(byte[] parent, IReadOnlyList<byte[]> corpus)
    {
        var data = new List<byte>(parent);
        int count = 1 << rng.Next(3);
        for (int i = 0; i < count; i++) Apply(data, corpus);
        if (data.Count > maxLength) data.RemoveRange(maxLength, data.Count - maxLength);
        return [.. data];
    }

    void Apply(List<byte> d, IReadOnlyList<byte[]> corpus)
    {
        switch (rng.Next(15))
        {
            case 0 when d.Count > 0: d[Pos(d)] ^= (byte)(1 << rng.Next(8)); break;
            case 1 when d.Count > 0: d[Pos(d)] = (byte)rng.Next(256); break;
            case 2: d.InsertRange(rng.Next(d.Count + 1), RandomBytes(1 + rng.Next(8))); break;
            case 3 when d.Count > 0: { int at = Pos(d); d.RemoveRange(at, Math.Min(d.Count - at, 1 + rng.Next(32))); break; }
            case 4 when d.Count > 0: Truncate(d); break;
            case 5 when d.Count > 0: { int at = Pos(d); var chunk = d.GetRange(at, Math.Min(d.Count - at, 1 + rng.Next(64))); d.InsertRange(rng.Next(d.Count + 1), chunk); break; }
            case 6 when corpus.Count > 0: Splice(d, corpus[rng.Next(corpus.Count)]); break;
            case 7: WriteBinary(d); break;
            case 8: ReplaceNumber(d); break;
            case 9: d.InsertRange(rng.Next(d.Count + 1), dictionary.Pick(rng)); break;
            case 10: ReplaceToken(d); break;
            case 11: d.InsertRange(rng.Next(d.Count + 1), Enumerable.Repeat((byte)"[({"[rng.Next(3)], 1 + rng.Next(200))); break;
            case 12: RepeatBalanced(d); break;
            case 13: LineEdit(d); break;
            case 14: ReplaceString(d); break;
            default: if (d.Count > 0) d[Pos(d)] = (byte)rng.Next(256); break;
        }
    }

    int Pos(List<byte> d) => rng.Next(d.Count);

    byte[] RandomBytes(int n)
    {
        var b = new byte[n];
        rng.NextBytes(b);
        return b;
    }

    void Truncate(List<byte> d)
    {
        int keep = rng.Next(d.Count);
        d.RemoveRange(keep, d.Count - keep);
    }

    void Splice(List<byte> d, byte[] other)
    {
        int cut = rng.Next(d.Count + 1), from = rng.Next(other.Length + 1);
        d.RemoveRange(cut, d.Count - cut);
        d.AddRange(other.AsSpan(from).ToArray());
    }

    /// <summary>An interesting integer, 1/2/4/8 bytes little-endian, half the time in the first 16 bytes (the length fields of .npy and .safetensors).</summary>
    void WriteBinary(List<byte> d)
    {
        int size = 1 << rng.Next(4);
        if (d.Count < size) return;
        int limit = rng.Next(2) == 0 ? Math.Min(16, d.Count) : d.Count;
        int at = rng.Next(limit - size + 1);
        Span<byte> b = stackalloc byte[8];
        ulong v = InterestingBinary[rng.Next(InterestingBinary.Length)];
        if (rng.Next(4) == 0) v = (ulong)d.Count + (ulong)(rng.Next(33) - 16); // near the file's own length
        BinaryPrimitives.WriteUInt64LittleEndian(b, v);
        for (int i = 0; i < size; i++) d[at + i] = b[i];
    }

    /// <summary>Replaces a run of decimal digits (with its sign) by an interesting number.</summary>
    void ReplaceNumber(List<byte> d)
    {
        var starts = new List<int>();
        for (int i = 0; i < d.Count; i++)
            if (IsDigit(d[i]) && (i == 0 || !IsDigit(d[i - 1]))) starts.Add(i);
        if (starts.Count == 0) return;
        int s = starts[rng.Next(starts.Count)], e = s;
        while (e < d.Count && (IsDigit(d[e]) || d[e] is (byte)'.' or (byte)'e' or (byte)'E' or (byte)'+')) e++;
        if (s > 0 && d[s - 1] == '-') s--;
        d.RemoveRange(s, e - s);
        d.InsertRange(s, Encoding.ASCII.GetBytes(InterestingDecimal[rng.Next(InterestingDecimal.Length)]));
    }

    /// <summary>Replaces a quoted string (a key or a value) by an odd string or by another of the format's strings.</summary>
    void ReplaceString(List<byte> d)
    {
        var quotes = new List<int>();
        for (int i = 0; i < d.Count; i++)
            if (d[i] == '"') quotes.Add(i);
        if (quotes.Count < 2) return;
        int k = rng.Next(quotes.Count - 1), start = quotes[k], end = quotes[k + 1];
        var replacement = rng.Next(2) == 0 ? OddStrings[rng.Next(OddStrings.Length)] : dictionary.Pick(rng);
        d.RemoveRange(start, end - start + 1);
        d.InsertRange(start, replacement);
    }

    static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    /// <summary>Finds a dictionary token in the input and puts another in its place (a key for a key, a value for a string...).</summary>
    void ReplaceToken(List<byte> d)
    {
        var from = dictionary.Pick(rng);
        int at = IndexOf(d, from, rng.Next(d.Count + 1));
        if (at < 0) at = IndexOf(d, from, 0);
        if (at < 0) return;
        d.RemoveRange(at, from.Length);
        d.InsertRange(at, dictionary.Pick(rng));
    }

    static int IndexOf(List<byte> d, byte[] token, int start)
    {
        if (token.Length == 0) return -1;
        for (int i = start; i + token.Length <= d.Count; i++)
        {
            int k = 0;
            while (k < token.Length && d[i + k] == token[k]) k++;
            if (k == token.Length) return i;
        }
        return -1;
    }

    /// <summary>Repeats a balanced [...] or {...} (ignoring brackets in strings) 1 to 64 times, comma-separated.</summary>
    void RepeatBalanced(List<byte> d)
    {
        var opens = new List<int>();
        for (int i = 0; i < d.Count; i++)
            if (d[i] is (byte)'[' or (byte)'{') opens.Add(i);
        if (opens.Count == 0) return;
        int start = opens[rng.Next(opens.Count)], depth = 0, end = -1;
        bool inString = false;
        for (int i = start; i < d.Count && end < 0; i++)
        {
            byte c = d[i];
            if (inString) { if (c == '\\') i++; else if (c == '"') inString = false; continue; }
            if (c == '"') inString = true;
            else if (c is (byte)'[' or (byte)'{') depth++;
            else if (c is (byte)']' or (byte)'}' && --depth == 0) end = i;
        }
        if (end < 0) return;
        var value = d.GetRange(start, end - start + 1);
        int times = 1 + rng.Next(64);
        var copies = new List<byte>();
        for (int t = 0; t < times && copies.Count < maxLength; t++) { copies.Add((byte)','); copies.AddRange(value); }
        d.InsertRange(end + 1, copies);
    }

    /// <summary>Duplicates, deletes or swaps whole lines (CSV rows, JSON lines).</summary>
    void LineEdit(List<byte> d)
    {
        var lines = Encoding.Latin1.GetString([.. d]).Split('\n').ToList();
        if (lines.Count < 2) return;
        int a = rng.Next(lines.Count), b = rng.Next(lines.Count);
        switch (rng.Next(3))
        {
            case 0: lines.Insert(b, lines[a]); break;
            case 1: lines.RemoveAt(a); break;
            default: (lines[a], lines[b]) = (lines[b], lines[a]); break;
        }
        d.Clear();
        d.AddRange(Encoding.Latin1.GetBytes(string.Join('\n', lines)));
    }
}

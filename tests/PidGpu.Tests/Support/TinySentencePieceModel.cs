using System.Text;
using System.Text.Json.Nodes;

namespace PidGpu.Tests.Support;

/// <summary>
/// Writes a tiny SentencePiece BPE <c>tokenizer.model</c> (the protobuf Llama ships) by hand:
/// ModelProto { pieces = 1 { piece = 1, score = 2, type = 3 }, trainer_spec = 2 { model_type = 3 (BPE = 2),
/// unk_id = 40, bos_id = 41, eos_id = 42, pad_id = 43 }, normalizer_spec = 3 { name = 1,
/// add_dummy_prefix = 3, remove_extra_whitespaces = 4, escape_whitespaces = 5 } }.
/// <see cref="FromTokenizerJson"/> turns a byte-fallback BPE <c>tokenizer.json</c> (Llama's) back into such a model.
/// </summary>
public static class TinySentencePieceModel
{
    /// <summary>SentencePiece's piece types.</summary>
    public const int Normal = 1, Unknown = 2, Control = 3, Byte = 6;

    public sealed record Piece(string Text, float Score, int Type);

    /// <summary>
    /// The SentencePiece BPE model of a byte-fallback BPE <c>tokenizer.json</c>: its pieces in id order, and as score the
    /// negated rank of the first merge that makes a piece, so SentencePiece's "merge the highest score" follows the merges
    /// list; pieces no merge makes score -1e9 (they never compete: no pair forms them), control and byte pieces 0.
    /// </summary>
    public static List<Piece> FromTokenizerJson(string tokenizerJsonPath)
    {
        var model = JsonNode.Parse(File.ReadAllText(tokenizerJsonPath))!["model"]!;
        var rank = new Dictionary<string, int>(StringComparer.Ordinal);
        var merges = model["merges"]!.AsArray();
        for (int r = 0; r < merges.Count; r++)
        {
            var pair = merges[r] is JsonArray a ? (a[0]!.GetValue<string>(), a[1]!.GetValue<string>())
                : merges[r]!.GetValue<string>().Split(' ') is [var left, var right] ? (left, right)
                : throw new InvalidDataException($"merge {r} is not a pair");
            rank.TryAdd(pair.Item1 + pair.Item2, r);
        }
        var vocab = model["vocab"]!.AsObject().Select(p => (Text: p.Key, Id: p.Value!.GetValue<int>())).OrderBy(p => p.Id).ToList();
        return [.. vocab.Select((p, i) => i != p.Id ? throw new InvalidDataException($"vocabulary has no id {i}")
            : p.Text == "<unk>" ? new Piece(p.Text, 0, Unknown)
            : p.Text is "<s>" or "</s>" ? new Piece(p.Text, 0, Control)
            : p.Text.Length == 6 && p.Text.StartsWith("<0x", StringComparison.Ordinal) && p.Text.EndsWith('>') ? new Piece(p.Text, 0, Byte)
            : new Piece(p.Text, rank.TryGetValue(p.Text, out int r) ? -r : -1e9f, Normal))];
    }

    /// <summary>Writes <paramref name="pieces"/> as a BPE model with Llama's normaliser (identity, dummy prefix, '▁' for spaces).</summary>
    public static void Write(string path, IReadOnlyList<Piece> pieces, bool byteFallback)
    {
        using var model = new MemoryStream();
        foreach (var p in pieces)
        {
            using var piece = new MemoryStream();
            Bytes(piece, 1, Encoding.UTF8.GetBytes(p.Text));
            Tag(piece, 2, 5);
            piece.Write(BitConverter.GetBytes(p.Score));
            Varint(piece, 3, p.Type);
            Bytes(model, 1, piece.ToArray());
        }
        using var trainer = new MemoryStream();
        Varint(trainer, 3, 2);
        if (byteFallback) Varint(trainer, 35, 1);
        Varint(trainer, 40, 0);
        Varint(trainer, 41, 1);
        Varint(trainer, 42, 2);
        Varint(trainer, 43, unchecked((ulong)-1L));
        Bytes(model, 2, trainer.ToArray());
        using var normalizer = new MemoryStream();
        Bytes(normalizer, 1, Encoding.UTF8.GetBytes("identity"));
        Varint(normalizer, 3, 1);
        Varint(normalizer, 4, 0);
        Varint(normalizer, 5, 1);
        Bytes(model, 3, normalizer.ToArray());
        File.WriteAllBytes(path, model.ToArray());
    }

    static void Tag(Stream s, int field, int wire) => Raw(s, (ulong)(field << 3 | wire));

    static void Varint(Stream s, int field, ulong value)
    {
        Tag(s, field, 0);
        Raw(s, value);
    }

    static void Varint(Stream s, int field, int value) => Varint(s, field, unchecked((ulong)value));

    static void Bytes(Stream s, int field, byte[] bytes)
    {
        Tag(s, field, 2);
        Raw(s, (ulong)bytes.Length);
        s.Write(bytes);
    }

    static void Raw(Stream s, ulong v)
    {
        while (v >= 0x80)
        {
            s.WriteByte((byte)(v | 0x80));
            v >>= 7;
        }
        s.WriteByte((byte)v);
    }
}

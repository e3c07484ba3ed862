using System.Text;

namespace PidGpu.Tests.Support;

/// <summary>
/// Writes a tiny SentencePiece BPE <c>tokenizer.model</c> (the protobuf Llama ships) by hand:
/// ModelProto { pieces = 1 { piece = 1, score = 2, type = 3 }, trainer_spec = 2 { model_type = 3 (BPE = 2),
/// unk_id = 40, bos_id = 41, eos_id = 42, pad_id = 43 }, normalizer_spec = 3 { name = 1,
/// add_dummy_prefix = 3, remove_extra_whitespaces = 4, escape_whitespaces = 5 } }.
/// Pieces: &lt;unk&gt; &lt;s&gt; &lt;/s&gt;, the given single characters, and for every word the chain
/// ▁w, ▁wo, ▁wor, ... so each word (with its leading space) merges into one piece.
/// </summary>
public static class TinySentencePieceModel
{
    public static List<string> Pieces(IEnumerable<string> words, IEnumerable<char> chars)
    {
        var pieces = new List<string> { "<unk>", "<s>", "</s>", "\u2581" };
        foreach (var c in chars)
            if (!pieces.Contains(c.ToString()))
                pieces.Add(c.ToString());
        foreach (var w in words)
        {
            var chain = "\u2581";
            foreach (var c in w)
            {
                if (!pieces.Contains(c.ToString()))
                    pieces.Add(c.ToString());
                chain += c;
                if (!pieces.Contains(chain))
                    pieces.Add(chain);
            }
        }
        return pieces;
    }

    public static void Write(string path, IReadOnlyList<string> pieces)
    {
        using var model = new MemoryStream();
        for (int i = 0; i < pieces.Count; i++)
        {
            using var piece = new MemoryStream();
            Bytes(piece, 1, Encoding.UTF8.GetBytes(pieces[i]));
            Tag(piece, 2, 5);
            piece.Write(BitConverter.GetBytes((float)(i < 3 ? 0 : pieces[i].Length - i * 1e-3)));
            Varint(piece, 3, i == 0 ? 2 : i < 3 ? 3 : 1); // UNKNOWN, CONTROL, NORMAL
            Bytes(model, 1, piece.ToArray());
        }
        using var trainer = new MemoryStream();
        Varint(trainer, 3, 2);
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

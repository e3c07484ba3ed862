namespace PidGpu.Models.Llava;

internal static class LlavaTensorNames
{
    // (newer prefix, older prefix = our state-dict prefix)
    static readonly (string Newer, string Older)[] Prefixes =
    [
        ("model.language_model.", "language_model.model."),
        ("lm_head.", "language_model.lm_head."),
        ("model.vision_tower.", "vision_tower."),
        ("model.multi_modal_projector.", "multi_modal_projector."),
        ("model.image_newline", "image_newline"), // LLaVA-1.6's row separator, a whole name
    ];

    /// <summary>Our name for a checkpoint name of either scheme; null when it has neither prefix.</summary>
    public static string? ToModel(string name)
    {
        foreach (var (newer, older) in Prefixes)
        {
            if (name.StartsWith(older, StringComparison.Ordinal)) return name;
            if (name.StartsWith(newer, StringComparison.Ordinal)) return older + name[newer.Length..];
        }
        return null;
    }

    /// <summary>The checkpoint name of one of our names in <paramref name="naming"/>.</summary>
    public static string FromModel(string name, LlavaNaming naming)
    {
        if (naming == LlavaNaming.Older) return name;
        foreach (var (newer, older) in Prefixes)
            if (name.StartsWith(older, StringComparison.Ordinal)) return newer + name[older.Length..];
        throw new ArgumentException($"'{name}' is not a LLaVA state-dict name.", nameof(name));
    }

    /// <summary>Non-persistent buffers that older checkpoints sometimes carry; recomputed here, so skipped.</summary>
    public static bool IsIgnorableBuffer(string name)
        => name.EndsWith(".rotary_emb.inv_freq", StringComparison.Ordinal) || name.EndsWith(".embeddings.position_ids", StringComparison.Ordinal);
}

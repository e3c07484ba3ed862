using System.Globalization;
using System.Text.Json;

namespace PidGpu.Formats.Arrays;

/// <summary>
/// The data_offsets of a safetensors header, as the format requires them: every tensor's [begin, end) within the
/// data, the tensors back to back with no overlap and no gap, together covering the data exactly. A file that breaks
/// this is corrupt or hostile (two tensors sharing bytes, bytes that belong to none), so it is refused, naming the tensors.
/// </summary>
internal static class SafetensorsLayout
{
    /// <exception cref="PidInputException">Malformed offsets, or tensors that overlap, leave a gap, or run past the data.</exception>
    public static (long Begin, long End) Offsets(JsonElement entry, string source)
    {
        if (!entry.TryGetProperty("data_offsets", out var o) || o.ValueKind != JsonValueKind.Array || o.GetArrayLength() != 2
            || o[0].ValueKind != JsonValueKind.Number || o[1].ValueKind != JsonValueKind.Number)
            throw Malformed(source, o);
        foreach (var v in o.EnumerateArray())
            if (!v.TryGetInt64(out _) && decimal.TryParse(v.GetRawText(), NumberStyles.None, CultureInfo.InvariantCulture, out _))
                throw new PidInputException($"{source}: data_offsets {o.GetRawText()}: offset {v.GetRawText()} is beyond any file " +
                    $"(at most {long.MaxValue} bytes); the header is corrupt.");
        if (!o[0].TryGetInt64(out long begin) || !o[1].TryGetInt64(out long end) || begin < 0 || end < begin)
            throw Malformed(source, o);
        return (begin, end);
    }

    static PidInputException Malformed(string source, JsonElement o)
        => new($"{source}: malformed safetensors header: \"data_offsets\" must be [begin, end] with 0 <= begin <= end, got " +
            $"{(o.ValueKind == JsonValueKind.Undefined ? "nothing" : o.GetRawText())}.");

    /// <summary>Checks every tensor of the header against the others and against <paramref name="dataBytes"/>.</summary>
    /// <exception cref="PidInputException">The layout is broken; the message names the tensors and byte ranges.</exception>
    public static void Check(JsonElement root, string path, long dataBytes)
    {
        var spans = new List<(string Name, long Begin, long End)>();
        foreach (var p in root.EnumerateObject())
        {
            if (p.Name == "__metadata__") continue;
            if (p.Value.ValueKind != JsonValueKind.Object)
                throw new PidInputException($"{path}:{p.Name}: malformed safetensors header: the entry must be an object, got {p.Value.ValueKind}.");
            var (begin, end) = Offsets(p.Value, $"{path}:{p.Name}");
            spans.Add((p.Name, begin, end));
        }
        spans.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long covered = 0;
        string? previous = null;
        foreach (var (name, begin, end) in spans)
        {
            if (begin < covered)
                throw new PidInputException($"{path}: tensors '{previous}' and '{name}' overlap: '{name}' starts at byte {begin}, " +
                    $"before '{previous}' ends at byte {covered}; each byte of the data belongs to one tensor (corrupt header).");
            if (begin > covered)
                throw new PidInputException($"{path}: bytes [{covered}, {begin}) of the data belong to no tensor " +
                    $"({(previous is null ? "before" : $"between '{previous}' and")} '{name}'); the tensors must lie back to back (corrupt header).");
            if (end > dataBytes)
                throw new PidInputException($"{path}: tensor '{name}' data_offsets [{begin}, {end}] run past the end of the data " +
                    $"({dataBytes} bytes after the header; truncated file?).");
            (covered, previous) = (end, name);
        }
        if (previous is not null && covered < dataBytes)
            throw new PidInputException($"{path}: bytes [{covered}, {dataBytes}) at the end of the data belong to no tensor " +
                $"(after '{previous}'); the tensors must cover the data exactly (corrupt header or appended bytes).");
    }
}

using System.Text.Json;
using PidGpu.Inputs.Vision;

namespace PidGpu.Models.Vision;

/// <summary>
/// transformers tiles with <c>preprocessor_config.json</c>'s <c>image_grid_pinpoints</c> but arranges the features with
/// <c>config.json</c>'s; this port uses the latter for both, so a processor file that lists others is refused rather than
/// giving a grid that the tiles do not fill.
/// </summary>
public static class AnyresPreprocessing
{
    /// <exception cref="PidInputException">The processor file's pinpoints differ from <paramref name="pinpoints"/>, or are malformed.</exception>
    public static void CheckPinpoints(string directory, IReadOnlyList<GridPinpoint> pinpoints)
    {
        string path = Path.Combine(directory, ImagePreprocessing.FileName);
        if (!File.Exists(path)) return;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("image_grid_pinpoints", out var list)
                || list.ValueKind == JsonValueKind.Null)
                return;
            string expected = JsonSerializer.Serialize(pinpoints.Select(p => new[] { p.Height, p.Width }));
            string found = list.ValueKind == JsonValueKind.Array
                ? JsonSerializer.Serialize(list.EnumerateArray().Select(p => p.ValueKind == JsonValueKind.Array
                    ? p.EnumerateArray().Select(v => v.TryGetInt32(out int n) ? n : -1).ToArray() : [])) : list.GetRawText();
            if (found != expected)
                throw new PidInputException($"{path}: image_grid_pinpoints {found} differ from config.json's {expected}.");
        }
        catch (JsonException e)
        {
            throw new PidInputException($"{path}: malformed JSON: {e.Message}", e);
        }
    }
}

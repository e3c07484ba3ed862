using System.Text.Json;
using System.Text.Json.Serialization;
using PidGpu.Formats;

namespace PidGpu.Report;

/// <summary>
/// results.json: <c>{"format": "pidgpu-run/1", "units": "bits", "settings": {...}, "records": [...]}</c> with
/// snake_case names (records: model, task, layer, condition, r, u1, u2, s, i, samples, and when present lower,
/// upper, null_upper as {r, u1, u2, s, i} and accuracy).
/// </summary>
public static class ResultsJson
{
    public const string Format = "pidgpu-run/1";

    static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    sealed record FileContent(string Format, string Units, RunSettings Settings, IReadOnlyList<LayerRecord> Records);

    /// <exception cref="PidInputException">Invalid results or an unwritable folder.</exception>
    public static void Write(string path, RunResults results)
    {
        results.Validate(path);
        var text = JsonSerializer.Serialize(new FileContent(Format, "bits", results.Settings, results.Records), Options);
        AtomicFile.WriteAllText(path, text + "\n");
    }

    /// <exception cref="PidInputException">Missing, unreadable, truncated or corrupt file, or invalid content; the message names the file.</exception>
    public static RunResults Read(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PidInputException($"{path}: cannot read ({ex.Message}).", ex);
        }
        FileContent? content;
        try { content = JsonSerializer.Deserialize<FileContent>(text, Options); }
        catch (JsonException ex)
        {
            string at = ex.LineNumber is long line ? $" at line {line + 1}" : "";
            throw new PidInputException($"{path}: not a valid results file{at} (truncated or corrupt?): {ex.Message}", ex);
        }
        if (content is null)
            throw new PidInputException($"{path}: empty results file (null).");
        if (content.Format != Format)
            throw new PidInputException($"{path}: format '{content.Format}' is not '{Format}'.");
        if (content.Units != "bits")
            throw new PidInputException($"{path}: units '{content.Units}' are not 'bits'.");
        var results = new RunResults(content.Settings, content.Records);
        results.Validate(path);
        return results;
    }
}

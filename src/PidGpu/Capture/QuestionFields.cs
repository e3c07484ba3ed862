using System.Text.Json;

namespace PidGpu.Capture;

/// <summary>The required text fields of a question entry, with one wording of the error for both file formats.</summary>
internal static class QuestionFields
{
    public static string Required(JsonElement entry, string name, string origin) =>
        entry.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString())
            ? v.GetString()!
            : throw new PidInputException($"{origin}: field '{name}' is missing, empty or not a string" +
                (name == "answer" ? " (a question without a gold answer cannot be analysed)" : ""));
}

using System.Text.Json;
using PidGpu.Formats;

namespace PidGpu.Capture;

/// <summary>
/// Reads questions as JSON lines, one object a line: <c>{"id", "image", "question", "answer", "task"}</c>, the image
/// path relative to the file's folder (or absolute). Blank lines are skipped; ids must be unique.
/// </summary>
internal static class JsonLinesQuestionFile
{
    public static List<QuestionSample> Read(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var lines = InputFile.ReadLines(path);
        var samples = new List<QuestionSample>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < lines.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
                continue;
            string origin = $"{path} line {i + 1}";
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(lines[i]);
            }
            catch (JsonException e)
            {
                throw new PidInputException($"{origin}: not a JSON object ({e.Message})", e);
            }
            using (doc)
            {
                var o = doc.RootElement;
                JsonText.Check(o, origin);
                if (o.ValueKind != JsonValueKind.Object)
                    throw new PidInputException($"{origin}: not a JSON object");
                string id = Id(o, origin);
                if (seen.TryGetValue(id, out int first))
                    throw new PidInputException($"{origin}: id '{id}' repeats the id of line {first}");
                seen[id] = i + 1;
                string Text(string name) => QuestionFields.Required(o, name, origin);
                string image = Text("image");
                if (image.Contains('\0'))
                    throw new PidInputException($"{origin}: field 'image' holds a NUL character, which no file name can");
                samples.Add(new QuestionSample(id, Text("task"), Text("question"), Text("answer"),
                    Path.GetFullPath(Path.Combine(folder, image)), origin));
            }
        }
        return samples;
    }

    // Ids may be strings or integers (as GQA's qids are written either way).
    static string Id(JsonElement o, string origin) =>
        o.TryGetProperty("id", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long n)
            ? n.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : QuestionFields.Required(o, "id", origin);
}

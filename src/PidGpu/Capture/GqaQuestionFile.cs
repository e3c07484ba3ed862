using System.Text.Json;
using PidGpu.Formats;

namespace PidGpu.Capture;

/// <summary>
/// Reads GQA's own question files (<c>testdev_balanced_questions.json</c> and the like):
/// <c>{qid: {imageId, question, answer, types: {detailed, semantic, structural}, ...}}</c>. Each question's task
/// comes from <see cref="GqaTasks"/>; questions of no task are left out. Images are <c>IMAGES/&lt;imageId&gt;.jpg</c>.
/// </summary>
internal static class GqaQuestionFile
{
    /// <summary>The questions of <paramref name="path"/> that belong to one of the paper's tasks, in file order.</summary>
    public static List<QuestionSample> Read(string path, string imagesDirectory)
    {
        if (string.IsNullOrWhiteSpace(imagesDirectory))
            throw new PidInputException($"{path}: a GQA question file needs the folder of its images (IMAGES/<imageId>.jpg)");
        var images = Path.GetFullPath(imagesDirectory);
        JsonDocument doc;
        try
        {
            // Parsed from the UTF-8 bytes (GQA's "all" files run to hundreds of MB; a string would double that).
            using var stream = File.OpenRead(path);
            doc = JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            throw new PidInputException($"{path}: not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new PidInputException($"{path}: file not found.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new PidInputException($"{path}: cannot read the file ({e.Message}).", e);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new PidInputException($"{path}: a GQA question file is a JSON object of questions keyed by question id");
            JsonText.Check(doc.RootElement, path);
            var samples = new List<QuestionSample>();
            foreach (var entry in doc.RootElement.EnumerateObject())
            {
                string origin = $"{path} question {entry.Name}";
                var q = entry.Value;
                if (q.ValueKind != JsonValueKind.Object)
                    throw new PidInputException($"{origin}: is not a JSON object");
                if (!q.TryGetProperty("types", out var types) || types.ValueKind != JsonValueKind.Object)
                    throw new PidInputException($"{origin}: field 'types' (with 'detailed', 'semantic', 'structural') is missing");
                if (GqaTasks.TaskOf(types) is not { } task)
                    continue;
                string Text(string name) => QuestionFields.Required(q, name, origin);
                samples.Add(new QuestionSample(entry.Name, task, Text("question"), Text("answer"),
                    Path.Combine(images, Text("imageId") + ".jpg"), origin));
            }
            return samples;
        }
    }
}

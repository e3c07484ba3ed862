namespace PidGpu.Capture;

/// <summary>
/// Reads a question set in either format and keeps the requested tasks: <c>.jsonl</c> / <c>.ndjson</c> files are
/// JSON lines (<see cref="JsonLinesQuestionFile"/>), anything else a GQA question file (<see cref="GqaQuestionFile"/>,
/// which needs <c>imagesDirectory</c>). A request that matches no question is an error naming the tasks the file has.
/// </summary>
public static class QuestionFile
{
    public static bool IsJsonLines(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".jsonl" or ".ndjson";

    /// <param name="path">The question file.</param>
    /// <param name="imagesDirectory">GQA's image folder; unused for JSON lines.</param>
    /// <param name="tasks">Tasks to keep (names compared ignoring case); null or empty keeps every task.</param>
    public static List<QuestionSample> Read(string path, string? imagesDirectory = null, IReadOnlyCollection<string>? tasks = null)
    {
        bool gqa = !IsJsonLines(path);
        if (gqa && tasks is { Count: > 0 })
            foreach (var t in tasks)
                if (!GqaTasks.All.Contains(t, StringComparer.OrdinalIgnoreCase))
                    throw new PidInputException($"unknown GQA task '{t}'; the tasks are {string.Join(", ", GqaTasks.All)}");
        var samples = gqa ? GqaQuestionFile.Read(path, imagesDirectory ?? "") : JsonLinesQuestionFile.Read(path);
        var present = samples.Select(s => s.Task).Distinct(StringComparer.Ordinal).ToList();
        if (tasks is { Count: > 0 })
        {
            var wanted = new HashSet<string>(tasks, StringComparer.OrdinalIgnoreCase);
            samples = samples.Where(s => wanted.Contains(s.Task)).ToList();
        }
        if (samples.Count == 0)
            throw new PidInputException(tasks is { Count: > 0 }
                ? $"{path}: none of the requested tasks ({string.Join(", ", tasks)}) has a question; the file has {(present.Count == 0 ? "no task" : string.Join(", ", present))}"
                : $"{path}: no question belongs to a task{(gqa ? $" ({string.Join(", ", GqaTasks.All)})" : "")}");
        return samples;
    }
}

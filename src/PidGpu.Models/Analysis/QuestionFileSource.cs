namespace PidGpu.Models.Analysis;

/// <summary>A question set on disk (JSONL or GQA JSON, see <c>QuestionFile</c>).</summary>
/// <param name="Path">The question file.</param>
/// <param name="Images">The folder its image paths are relative to; null = the file's folder.</param>
/// <param name="Tasks">The tasks to run (names as in the file); null = all.</param>
public sealed record QuestionFileSource(string Path, string? Images = null, IReadOnlyCollection<string>? Tasks = null, int PerTask = 0)
    : QuestionSource(PerTask);

using System.Text.Json.Serialization;

namespace PidGpu.Models.Capture;

/// <summary>One row of a capture (a line of samples.jsonl): the question's id and task, its gold answer, the model's answer
/// (the decoded argmax token at the last position) and whether that token is the gold answer's first token.</summary>
public sealed record CapturedSample(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("task")] string Task,
    [property: JsonPropertyName("answer")] string Answer,
    [property: JsonPropertyName("predicted")] string Predicted,
    [property: JsonPropertyName("correct")] bool Correct);

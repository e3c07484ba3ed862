namespace PidGpu.Capture;

/// <summary>
/// One visual question: its <paramref name="Id"/>, the <paramref name="Task"/> it belongs to, the question text,
/// the gold answer and the absolute path of its image (not checked here: a missing image is a per-sample fault
/// for the consumer to skip or report). <paramref name="Origin"/> says where it was read ("file line 3",
/// "file question 201307251"), for messages.
/// </summary>
public sealed record QuestionSample(string Id, string Task, string Question, string Answer, string ImagePath, string Origin);

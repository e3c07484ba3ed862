namespace PidGpu.Report;

/// <summary>One trajectory over layers: a model on a task under a condition.</summary>
public sealed record SeriesKey(string Model, string Task, string Condition);

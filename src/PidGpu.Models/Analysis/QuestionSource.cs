namespace PidGpu.Models.Analysis;

/// <summary>Where a <see cref="QuestionRun"/> takes its questions: a question file, or the scene tasks generated for the run.</summary>
/// <param name="PerTask">The first this many questions of each task, in file order; 0 = all.</param>
public abstract record QuestionSource(int PerTask);

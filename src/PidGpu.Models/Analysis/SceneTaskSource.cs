using PidGpu.Inputs.Scenes;

namespace PidGpu.Models.Analysis;

/// <summary>
/// The scene tasks, written as a question set (<see cref="SceneQuestionSet"/>: <paramref name="Samples"/> per task, task t with seed
/// <paramref name="Seed"/> + t) into <see cref="QuestionRun.ScenesFolder"/> of the run folder and removed when the run ends.
/// </summary>
public sealed record SceneTaskSource(IReadOnlyList<SceneTaskKind> Tasks, int Samples, int Seed, int PerTask = 0) : QuestionSource(PerTask);

namespace PidGpu.Inputs.Scenes;

/// <summary>One example of a task: the scene, the question text and the one-word answer.</summary>
public sealed record SceneSample(SceneTaskKind Task, Scene Scene, string Question, string Answer);

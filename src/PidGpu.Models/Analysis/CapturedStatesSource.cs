namespace PidGpu.Models.Analysis;

/// <summary>
/// The questions as a capture already answered them (<see cref="Capture.CapturedStates"/>, made by <see cref="Capture.CaptureRun"/>):
/// a <see cref="QuestionRun"/> from them runs no model and no forward pass, only the layer-wise estimation.
/// </summary>
/// <param name="Folder">The capture's folder (states.safetensors and samples.jsonl).</param>
/// <param name="Tasks">The tasks to analyse (names compared ignoring case); null = every task in the states.</param>
public sealed record CapturedStatesSource(string Folder, IReadOnlyCollection<string>? Tasks = null) : QuestionSource(0);

using CommandLine;

namespace PidGpu.Cli;

[Verb("inspect", HelpText = "What the model sees per sample: prompt, text_ids, image_positions, the X_V and X_L position ranges, answer_id (JSON).")]
public sealed class InspectOptions : QuestionRunOptions;

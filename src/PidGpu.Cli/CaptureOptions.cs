using CommandLine;

namespace PidGpu.Cli;

[Verb("capture", HelpText = "Forward passes of a LLaVA checkpoint over a question set: pooled image (x_v) and question (x_l) states of every layer " +
    "and the answer logit (y), in STATES_DIR/states.safetensors with samples.jsonl, for analyze --states.")]
public sealed class CaptureOptions : QuestionRunOptions
{
    [Option("resume", HelpText = "Continue an interrupted capture in --out from its checkpoint (same settings; a different one is refused).")]
    public bool Resume { get; set; }

    [Option("checkpoint-every", Default = 16, MetaValue = "N", HelpText = "Save a checkpoint every N questions (for --resume).")]
    public int CheckpointEvery { get; set; } = 16;

    [Option("answers", Default = "correct", MetaValue = "A", HelpText = "correct (keep correctly answered samples, the paper's) or all.")]
    public string Answers { get; set; } = "correct";

    [Option("pooling", Default = "mean", MetaValue = "P", HelpText = "mean (the paper's) or max over each region's positions.")]
    public string Pooling { get; set; } = "mean";

    [Option("dtype", Default = "f32", MetaValue = "T", HelpText = "Forward-pass precision: f32, bf16 or f16 (states are saved as F32).")]
    public string DType { get; set; } = "f32";

    [Option("torch-device", Default = "cpu", MetaValue = "D", HelpText = OptionValues.TorchDeviceHelp)]
    public string TorchDevice { get; set; } = "cpu";
}

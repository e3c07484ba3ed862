using CommandLine;
using PidGpu.Models.Training;

namespace PidGpu.Cli;

/// <summary>Options of <c>pidgpu train-tiny</c>.</summary>
[Verb("train-tiny", HelpText = "Train the tiny scene VLM (LLaVA architecture, TorchSharp on the CPU) on the scene tasks, " +
    "report held-out accuracy per task and save it in the Hugging Face layout with vocab.txt and training.json. " +
    "The defaults re-create models/tiny-vlm/.")]
public sealed class TrainTinyOptions : IExtraArguments
{
    /// <summary>Positional arguments the verb does not take; rejected by <see cref="CliApp"/>.</summary>
    [Value(0, Hidden = true)]
    public IEnumerable<string> Extra { get; set; } = [];

    [Option("out", Required = true, MetaValue = "DIR", HelpText = "Directory for config.json, model.safetensors, vocab.txt, training.json.")]
    public string Out { get; set; } = "";

    [Option("steps", Default = TinyVlmOptions.DefaultSteps, MetaValue = "N", HelpText = "Training steps (one fresh task-balanced batch each).")]
    public int Steps { get; set; } = TinyVlmOptions.DefaultSteps;

    [Option("seed", Default = TinyVlmOptions.DefaultSeed, MetaValue = "S", HelpText = "Seed for initialisation, training data and the held-out set.")]
    public int Seed { get; set; } = TinyVlmOptions.DefaultSeed;

    [Option("batch", Default = TinyVlmOptions.DefaultBatchSize, MetaValue = "B", HelpText = "Samples per step, a multiple of the tasks' total batch shares (12 by default: see --task-share).")]
    public int Batch { get; set; } = TinyVlmOptions.DefaultBatchSize;

    [Option("lr", Default = TinyVlmOptions.DefaultLearningRate, MetaValue = "LR", HelpText = "Peak Adam learning rate.")]
    public double LearningRate { get; set; } = TinyVlmOptions.DefaultLearningRate;

    [Option("threads", Default = TinyVlmOptions.DefaultThreads, MetaValue = "T", HelpText = "LibTorch threads; bit-for-bit repeatable for a fixed count on one machine.")]
    public int Threads { get; set; } = TinyVlmOptions.DefaultThreads;

    [Option("task-share", Separator = ',', MetaValue = "TASK=N", HelpText = "Batch shares per task, e.g. Spatial=3,Side=1 (comma-separated; unnamed tasks get 1). Default: Side=2,Spatial=2.")]
    public IEnumerable<string> TaskShares { get; set; } = [];

    [Option("position-init", Default = PidGpu.Models.Training.PositionInit.SinCos, MetaValue = "INIT", HelpText = "Initial vision position embeddings: Normal (N(0,1)) or SinCos (2-D sine-cosine).")]
    public PidGpu.Models.Training.PositionInit PositionInit { get; set; } = PidGpu.Models.Training.PositionInit.SinCos;

    [Option("eval-every", Default = 0, MetaValue = "N", HelpText = "Also print held-out accuracy per task every N steps (0: only at the end).")]
    public int EvalEvery { get; set; }

    [Option("torch-device", Default = "cpu", MetaValue = "D", HelpText = OptionValues.TorchDeviceHelp)]
    public string TorchDevice { get; set; } = "cpu";
}

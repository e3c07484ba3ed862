using CommandLine;

namespace PidGpu.Cli;

/// <summary>Options shared by <c>pidgpu analyze</c> and <c>pidgpu knockout</c>.</summary>
public abstract class LayerRunOptions : IExtraArguments
{
    /// <summary>Positional arguments the verb does not take; rejected by <see cref="CliApp"/>.</summary>
    [Value(0, Hidden = true)]
    public IEnumerable<string> Extra { get; set; } = [];

    [Option("model", MetaValue = "DIR",
        HelpText = "Required unless --states: a Hugging Face LLaVA directory (e.g. models/tiny-vlm, which runs the scene tasks without --data).")]
    public string Model { get; set; } = "";

    [Option("tasks", Default = "all", MetaValue = "LIST", HelpText = "all, or task names joined by commas (Attribute,XorSynergy,...).")]
    public string Tasks { get; set; } = "all";

    [Option("samples", Default = PidDefaults.SceneSamplesPerTask, MetaValue = "N", HelpText = "Without --data: scene samples generated per task; the correctly answered ones are analysed.")]
    public int Samples { get; set; } = PidDefaults.SceneSamplesPerTask;

    [Option("pca", MetaValue = "K|F",
        HelpText = "PCA per source: K components, or the fewest explaining a fraction F in (0, 1) of the variance. " +
            "Default 0.95 (the paper's), 8 for the scene tasks (no --data).")]
    public string? Pca { get; set; }

    [Option("gaussianize", Default = "copula", MetaValue = "G", HelpText = "copula or none.")]
    public string Gaussianize { get; set; } = "copula";

    [Option("estimator", Default = "gaussian", MetaValue = "E",
        HelpText = "gaussian (PCA, copula, Gaussian MMI: the paper's) or discrete (PCA, k-means codes, BROJA: sees XOR synergy).")]
    public string Estimator { get; set; } = "gaussian";

    [Option("bins", Default = PidDefaults.LayerwiseBins, MetaValue = "K", HelpText = "Discrete estimator: k-means clusters per source and quantile bins of the logit target.")]
    public int Bins { get; set; } = PidDefaults.LayerwiseBins;

    [Option("target", Default = "logit", MetaValue = "T",
        HelpText = "Y: logit (the gold answer's logit at the last position, the paper's) or answer (the gold answer's class among the task's answers).")]
    public string Target { get; set; } = "logit";

    [Option("bootstrap", Default = 0, MetaValue = "B", HelpText = "Bootstrap resamples per layer for 95% intervals (0 = none).")]
    public int Bootstrap { get; set; }

    [Option("seed", Default = PidDefaults.SceneSeed, MetaValue = "S", HelpText = "Seed of the generated scene samples (task t uses S + t) and of the bootstrap.")]
    public int Seed { get; set; } = PidDefaults.SceneSeed;

    [Option("device", Default = "auto", MetaValue = "D", HelpText = "auto, cuda, opencl or cpu (the PID kernels; forward passes run in TorchSharp on the CPU).")]
    public string Device { get; set; } = "auto";

    [Option("data", MetaValue = "QUESTIONS", HelpText = "With a Hugging Face LLaVA --model: run this question set (GQA file or JSON lines, as pidgpu capture), then estimate.")]
    public string? Data { get; set; }

    [Option("images", MetaValue = "DIR", HelpText = "With --data: GQA's image folder.")]
    public string? Images { get; set; }

    [Option("per-task", Default = 0, MetaValue = "N", HelpText = "With --data: the first N questions of each task (0 = all).")]
    public int PerTask { get; set; }

    [Option("pooling", Default = "mean", MetaValue = "P", HelpText = "With --data: mean or max over each region.")]
    public string Pooling { get; set; } = "mean";

    [Option("dtype", Default = "f32", MetaValue = "T", HelpText = "With --data: forward-pass precision f32, bf16 or f16.")]
    public string DType { get; set; } = "f32";

    [Option("torch-device", Default = "cpu", MetaValue = "D", HelpText = OptionValues.TorchDeviceHelp)]
    public string TorchDevice { get; set; } = "cpu";

    [Option("template", MetaValue = "T",
        HelpText = "With --data: the prompt, as pidgpu capture's --template (default: the model's prompt_template, else vicuna_v1); recorded in results.json.")]
    public string? Template { get; set; }

    [Option("strict", HelpText = "With --data: exit 2 at the first faulty sample instead of skipping it.")]
    public bool Strict { get; set; }

    [Option("out", Required = true, MetaValue = "RUN_DIR", HelpText = "Folder for results.json, layers.csv, summary.json and plots/.")]
    public string Out { get; set; } = "";

    [Option("resume", HelpText = "Continue an interrupted run in --out from its checkpoint (same settings; a different one is refused).")]
    public bool Resume { get; set; }
}

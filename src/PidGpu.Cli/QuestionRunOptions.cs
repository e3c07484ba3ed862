using CommandLine;

namespace PidGpu.Cli;

/// <summary>Options shared by the commands that run a Hugging Face LLaVA model over a question set (<c>inspect</c>, <c>capture</c>).</summary>
public abstract class QuestionRunOptions : IExtraArguments
{
    /// <summary>Positional arguments the verb does not take; rejected by <see cref="CliApp"/>.</summary>
    [Value(0, Hidden = true)]
    public IEnumerable<string> Extra { get; set; } = [];

    [Option("model", Required = true, MetaValue = "DIR",
        HelpText = "A Hugging Face LLaVA-1.5 directory (LlavaForConditionalGeneration): config.json, tokenizer.json, safetensors weights.")]
    public string Model { get; set; } = "";

    [Option("data", Required = true, MetaValue = "QUESTIONS",
        HelpText = "GQA's own question file (with --images), or JSON lines (.jsonl: id, image, question, answer, task), e.g. from pidgpu scenes.")]
    public string Data { get; set; } = "";

    [Option("images", MetaValue = "DIR", HelpText = "GQA's image folder (<imageId>.jpg); JSON lines name their images themselves.")]
    public string? Images { get; set; }

    [Option("tasks", Default = "all", MetaValue = "LIST", HelpText = "all, or task names joined by commas (ChooseAttr,QueryAttr,...).")]
    public string Tasks { get; set; } = "all";

    [Option("per-task", Default = 0, MetaValue = "N", HelpText = "Keep the first N questions of each task (0 = all).")]
    public int PerTask { get; set; }

    [Option("template", MetaValue = "T",
        HelpText = "Prompt: vicuna_v1 (LLaVA's GQA prompt), llava-1.5 (USER: <image>\\n{question} ASSISTANT:), or a text with <image> and {question}. " +
            "Default: the model's tokenizer_config.json prompt_template, else vicuna_v1.")]
    public string? Template { get; set; }

    [Option("strict", HelpText = "Exit 2 at the first faulty sample (missing or undecodable image, unknown answer token) instead of skipping it.")]
    public bool Strict { get; set; }

    [Option("out", Required = true, MetaValue = "PATH", HelpText = "Output file or folder.")]
    public string Out { get; set; } = "";
}

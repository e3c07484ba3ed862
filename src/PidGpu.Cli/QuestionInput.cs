using PidGpu.Capture;
using PidGpu.Models.Llava;
using PidGpu.Inputs.Text;

namespace PidGpu.Cli;

/// <summary>The question set and prompt template of a <see cref="QuestionRunOptions"/> command.</summary>
internal static class QuestionInput
{
    /// <summary>The template name of LLaVA's GQA evaluation, the paper's prompt.</summary>
    public const string DefaultTemplate = "vicuna_v1";

    /// <summary>The <c>capture</c> settings an <c>analyze --data</c> or <c>knockout --data</c> run captures with in memory.</summary>
    public static CaptureOptions Capture(LayerRunOptions o, string answers) => new()
    {
        Model = o.Model, Data = o.Data!, Images = o.Images, Tasks = o.Tasks, PerTask = o.PerTask, Strict = o.Strict,
        Answers = answers, Pooling = o.Pooling, DType = o.DType, Template = o.Template,
        TorchDevice = o.TorchDevice,
    };

    /// <summary>The questions of the requested tasks, the first --per-task of each, in file order.</summary>
    public static List<QuestionSample> Read(QuestionRunOptions o)
    {
        if (o.PerTask < 0) throw new PidInputException($"--per-task must be >= 0, got {o.PerTask}.");
        var tasks = o.Tasks.Trim().Equals("all", StringComparison.OrdinalIgnoreCase) ? null
            : o.Tasks.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var samples = QuestionFile.Read(o.Data, o.Images, tasks);
        if (o.PerTask == 0) return samples;
        var taken = new Dictionary<string, int>(StringComparer.Ordinal);
        return samples.Where(s => (taken[s.Task] = taken.GetValueOrDefault(s.Task) + 1) <= o.PerTask).ToList();
    }

    /// <summary>
    /// The prompt of a run: <paramref name="text"/> (--template) when given, else the model's own
    /// (<see cref="HfTokenizerFiles.PromptTemplate"/>, e.g. the tiny scene model's LLaVA-1.5 prompt), else <see cref="DefaultTemplate"/>.
    /// </summary>
    public static string Template(string? text, LlavaModelDirectory model) =>
        Template(text ?? model.Tokenizer.Files.PromptTemplate ?? DefaultTemplate);

    /// <summary>A template name (vicuna_v1, llava-1.5) or the template text itself.</summary>
    public static string Template(string text) => text.Trim().ToLowerInvariant() switch
    {
        DefaultTemplate => LlavaPromptTemplate.VicunaV1,
        "llava-1.5" => LlavaPromptTemplate.V15,
        _ => text.Replace("\\n", "\n", StringComparison.Ordinal),
    };
}

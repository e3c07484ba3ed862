using PidGpu.Capture;
using PidGpu.Models.Llava;
using PidGpu.Models.Analysis;
using PidGpu.Models.Capture;

namespace PidGpu.Cli;

/// <summary>The question set, forward-pass settings and prompt template of a <see cref="QuestionRunOptions"/> command.</summary>
internal static class QuestionInput
{
    /// <summary>The template name of LLaVA's GQA evaluation, the paper's prompt.</summary>
    public const string DefaultTemplate = PromptTemplates.Default;

    /// <summary>The <c>capture</c> settings an <c>analyze --data</c> or <c>knockout --data</c> run captures with in memory.</summary>
    public static CaptureOptions Capture(LayerRunOptions o, string answers) => new()
    {
        Model = o.Model, Data = o.Data!, Images = o.Images, Tasks = o.Tasks, PerTask = o.PerTask, Strict = o.Strict,
        Answers = answers, Pooling = o.Pooling, DType = o.DType, Template = o.Template,
        TorchDevice = o.TorchDevice,
    };

    /// <summary>The forward-pass settings of <paramref name="o"/> (<c>capture</c>'s, and through <see cref="Capture"/> those of
    /// <c>analyze</c> and <c>knockout</c> with a model).</summary>
    public static ForwardSettings Forward(CaptureOptions o) => new()
    {
        Pooling = o.Pooling.Trim().ToLowerInvariant() switch
        {
            "mean" => RegionPooling.Mean,
            "max" => RegionPooling.Max,
            _ => throw new PidInputException($"--pooling '{o.Pooling}' is not one of mean, max."),
        },
        AllAnswers = o.Answers.Trim().ToLowerInvariant() switch
        {
            "correct" => false,
            "all" => true,
            _ => throw new PidInputException($"--answers '{o.Answers}' is not one of correct, all."),
        },
        Template = o.Template, DType = o.DType.Trim().ToLowerInvariant(),
        ForwardDType = TorchOptionValues.ForwardDType(o.DType), TorchDevice = TorchOptionValues.TorchDevice(o.TorchDevice), Strict = o.Strict,
    };

    /// <summary>The questions of the requested tasks, the first --per-task of each, in file order.</summary>
    public static List<QuestionSample> Read(QuestionRunOptions o) => QuestionRun.Read(Source(o));

    /// <summary>Where the questions of <paramref name="o"/> are: --data, --images, --tasks, --per-task.</summary>
    public static QuestionFileSource Source(QuestionRunOptions o)
    {
        if (o.PerTask < 0) throw new PidInputException($"--per-task must be >= 0, got {o.PerTask}.");
        var tasks = o.Tasks.Trim().Equals("all", StringComparison.OrdinalIgnoreCase) ? null
            : o.Tasks.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new QuestionFileSource(o.Data!, o.Images, tasks, o.PerTask);
    }

    /// <summary>The prompt of a run: <paramref name="text"/> (--template), else the model's own, else <see cref="DefaultTemplate"/>.</summary>
    public static string Template(string? text, LlavaModelDirectory model) => PromptTemplates.Resolve(text, model);
}

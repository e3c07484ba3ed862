using PidGpu.Inputs.Text;
using PidGpu.Models.Llava;

namespace PidGpu.Models.Capture;

/// <summary>The prompt template of a question run: a template name (vicuna_v1, llava-1.5) or the template text itself.</summary>
public static class PromptTemplates
{
    /// <summary>The template name of LLaVA's GQA evaluation, the paper's prompt.</summary>
    public const string Default = "vicuna_v1";

    /// <summary>
    /// The prompt of a run: <paramref name="text"/> when given, else the model's own (<see cref="HfTokenizerFiles.PromptTemplate"/>,
    /// e.g. the tiny scene model's LLaVA-1.5 prompt), else <see cref="Default"/>.
    /// </summary>
    public static string Resolve(string? text, LlavaModelDirectory model) =>
        Resolve(text ?? model.Tokenizer.Files.PromptTemplate ?? Default);

    /// <summary>A template name (vicuna_v1, llava-1.5) or the template text itself (with <c>\n</c> written as two characters).</summary>
    public static string Resolve(string text) => text.Trim().ToLowerInvariant() switch
    {
        Default => LlavaPromptTemplate.VicunaV1,
        "llava-1.5" => LlavaPromptTemplate.V15,
        _ => text.Replace("\\n", "\n", StringComparison.Ordinal),
    };
}

namespace PidGpu.Models.Text;

/// <summary>Prompt templates: text with one <c>&lt;image&gt;</c> placeholder and one <c>{question}</c> slot.</summary>
public static class LlavaPromptTemplate
{
    /// <summary>The LLaVA-1.5 single-turn prompt as used with Hugging Face's llava-1.5 checkpoints.</summary>
    public const string V15 = "USER: <image>\n{question} ASSISTANT:";

    public const string QuestionSlot = "{question}";
}

namespace PidGpu.Inputs.Text;

/// <summary>Prompt templates: text with one <c>&lt;image&gt;</c> placeholder and one <c>{question}</c> slot.</summary>
public static class LlavaPromptTemplate
{
    /// <summary>The LLaVA-1.5 single-turn prompt as used with Hugging Face's llava-1.5 checkpoints.</summary>
    public const string V15 = "USER: <image>\n{question} ASSISTANT:";

    /// <summary>
    /// LLaVA's <c>vicuna_v1</c> conversation (system prompt, separator " ") as its GQA evaluation builds it: the image
    /// first, then the question and the short-answer instruction on the next line (llava/conversation.py,
    /// model_vqa_loader.py with llava_gqa_testdev_balanced.jsonl).
    /// </summary>
    public const string VicunaV1 = VicunaSystem + " USER: <image>\n{question}" + ShortAnswerInstruction + " ASSISTANT:";

    /// <summary>The <c>vicuna_v1</c> system prompt.</summary>
    public const string VicunaSystem = "A chat between a curious human and an artificial intelligence assistant. " +
        "The assistant gives helpful, detailed, and polite answers to the human's questions.";

    /// <summary>LLaVA's instruction after a GQA/VQA question.</summary>
    public const string ShortAnswerInstruction = "\nAnswer the question using a single word or phrase.";

    public const string QuestionSlot = "{question}";

    public const string ImagePlaceholder = "<image>";
}

using PidGpu.Capture;

namespace PidGpu.Inputs.Text;

/// <summary>
/// Builds a sample's prompt and finds the paper's token regions (PAPER.md): X_V every position the single
/// <c>&lt;image&gt;</c> id expands to, X_L only the tokens of the question string (not the system prompt, "USER:",
/// the answer instruction or "ASSISTANT:"), and the answer id, the first id of the gold answer encoded alone without
/// special tokens (llava-hf: "yes" → ▁yes, the token the model writes after "ASSISTANT:").
/// The tokenizer gives no character offsets, so X_L is found by encoding the prompt cut just before and just after
/// the question: the question's tokens start where the full ids stop agreeing with the ids of the text before it,
/// and end where they stop agreeing with the ids of the text up to its end. So a token that merges across the start
/// edge (a space before the question, say) counts as the question's, one across the end edge does not; with the
/// llava-hf tokenizer and <see cref="LlavaPromptTemplate.VicunaV1"/> both edges are newlines and nothing merges.
/// </summary>
public static class LlavaTokenRegions
{
    /// <summary>The tokens of one sample whose image takes <paramref name="imagePositions"/> sequence positions.</summary>
    public static LlavaSampleTokens Inspect(HfTokenizer tokenizer, QuestionSample sample, int imagePositions,
        string template = LlavaPromptTemplate.VicunaV1, int? imageTokenId = null)
    {
        int image = imageTokenId ?? tokenizer.TokenId(LlavaPromptTemplate.ImagePlaceholder)
            ?? throw new PidInputException($"the tokenizer of '{tokenizer.Directory}' has no '{LlavaPromptTemplate.ImagePlaceholder}' token");
        if (imagePositions < 1)
            throw new PidInputException($"image position count {imagePositions} must be at least 1");
        int placeholder = template.IndexOf(LlavaPromptTemplate.ImagePlaceholder, StringComparison.Ordinal);
        int slot = template.IndexOf(LlavaPromptTemplate.QuestionSlot, StringComparison.Ordinal);
        if (placeholder < 0 || slot < placeholder || template.IndexOf(LlavaPromptTemplate.QuestionSlot, slot + 1, StringComparison.Ordinal) >= 0)
            throw new PidInputException($"prompt template '{template}' needs one '{LlavaPromptTemplate.ImagePlaceholder}' followed by one '{LlavaPromptTemplate.QuestionSlot}'");

        string prompt = template[..slot] + sample.Question + template[(slot + LlavaPromptTemplate.QuestionSlot.Length)..];
        var ids = tokenizer.Encode(prompt);
        int imageAt = Array.IndexOf(ids, image);
        if (imageAt < 0 || Array.IndexOf(ids, image, imageAt + 1) >= 0)
            throw new PidInputException($"{sample.Origin}: the prompt must hold exactly one image token {image} (does the question contain '{LlavaPromptTemplate.ImagePlaceholder}'?)");
        int questionStart = CommonPrefix(ids, tokenizer.Encode(prompt[..slot]));
        int questionEnd = CommonPrefix(ids, tokenizer.Encode(prompt[..(slot + sample.Question.Length)]));
        if (questionEnd <= questionStart || questionStart <= imageAt)
            throw new PidInputException($"{sample.Origin}: question '{sample.Question}' has no tokens of its own after the image in the prompt");

        var answer = tokenizer.EncodePlain(sample.Answer);
        if (answer.Length == 0)
            throw new PidInputException($"{sample.Origin}: answer '{sample.Answer}' encodes to no token");
        if (tokenizer.Files.ConfigToken("unk_token") is { } unk && tokenizer.TokenId(unk) == answer[0])
            throw new PidInputException($"{sample.Origin}: the first token of answer '{sample.Answer}' is the unknown token");

        int shift = imagePositions - 1; // every id after <image> moves by the expansion
        return new LlavaSampleTokens(sample.Id, sample.Task, prompt, ids, imagePositions,
            [imageAt, imageAt + imagePositions], [questionStart + shift, questionEnd + shift], answer[0]);
    }

    static int CommonPrefix(int[] a, int[] b)
    {
        int n = 0;
        while (n < a.Length && n < b.Length && a[n] == b[n])
            n++;
        return n;
    }
}

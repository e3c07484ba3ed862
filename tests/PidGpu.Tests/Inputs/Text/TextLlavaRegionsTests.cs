using System.Text.Json;
using PidGpu.Capture;
using PidGpu.Inputs.Text;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// The vicuna_v1 prompt and the X_V / X_L regions on the real llava-hf tokenizer: the prompt's ids are the ones
/// Hugging Face's tokenizers.js gives (Reference/llava-tokenizer-ids.json), the regions decode to the question, the
/// answer id is the plain encoding's first id there; bad templates, questions and answers.
/// </summary>
public class TextLlavaRegionsTests : IDisposable
{
    const int Positions = 576; // (336 / 14)², one llava-1.5 image
    readonly HfTokenizer tokenizer = HfTokenizer.Load(RepoReference.LlavaTokenizer);
    readonly Dictionary<string, TokenizerCase> reference = TokenizerReference.Cases.ToDictionary(c => c.Text);

    public void Dispose() => tokenizer.Dispose();

    static QuestionSample Sample(string question, string answer) => new("q1", "ChooseAttr", question, answer, "/img/q1.jpg", "test sample");

    [Theory]
    [InlineData("Is the jar full or empty?", "full")]
    [InlineData("Is there any grass or mud that is not brown?", "yes")]
    [InlineData("  How many  dogs?  ", "2")]
    [InlineData("Is the café's sign red or blue?", "red")]
    public void VicunaPrompt_IdsAreTokenizersJs_AndTheRegionsCoverImageAndQuestionOnly(string question, string answer)
    {
        var t = LlavaTokenRegions.Inspect(tokenizer, Sample(question, answer), Positions);
        string expectedPrompt = "A chat between a curious human and an artificial intelligence assistant. The assistant gives helpful, " +
            $"detailed, and polite answers to the human's questions. USER: <image>\n{question}\nAnswer the question using a single word or phrase. ASSISTANT:";
        Assert.Equal(expectedPrompt, t.Prompt);
        Assert.True(reference.ContainsKey(expectedPrompt), "the reference file lacks this prompt");
        Assert.Equal(reference[expectedPrompt].Ids, t.TextIds);
        Assert.Equal(reference[answer].PlainIds[0], t.AnswerId);

        int image = Array.IndexOf(t.TextIds, 32000);
        Assert.Equal([image, image + Positions], t.XV);
        Assert.Equal(t.TextIds.Length + Positions - 1, t.SequenceLength);
        // Back in text-id coordinates, X_L decodes to the question (the decoder drops a leading space) and its
        // neighbours are the newline tokens of the template.
        int start = t.XL[0] - (Positions - 1), end = t.XL[1] - (Positions - 1);
        Assert.True(start > image && end < t.TextIds.Length);
        Assert.Equal(question.Trim(), tokenizer.Decode(t.TextIds[start..end]).Trim());
        Assert.Equal(13, t.TextIds[start - 1]);
        Assert.Equal(13, t.TextIds[end]);
    }

    [Fact]
    public void ModelCardTemplate_QuestionAfterASpace_TakesTheMergedToken()
    {
        // "USER: <image>\n{question} ASSISTANT:" (V15): ids of the model card's prompt, question after the newline.
        var t = LlavaTokenRegions.Inspect(tokenizer, Sample("What's the content of the image?", "cat"), 1, LlavaPromptTemplate.V15);
        Assert.Equal(reference[t.Prompt].Ids, t.TextIds);
        Assert.Equal([5, 6], t.XV);
        Assert.Equal("What's the content of the image?", tokenizer.Decode(t.TextIds[t.XL[0]..t.XL[1]]));
        // A template with a space before the question: "▁Is" belongs to the question.
        var spaced = LlavaTokenRegions.Inspect(tokenizer, Sample("Is it red?", "no"), 1, "USER: <image> Question: {question} ASSISTANT:");
        var ids = spaced.TextIds;
        Assert.Equal(tokenizer.EncodePlain("Is it red?"), ids[spaced.XL[0]..spaced.XL[1]]);
    }

    [Fact]
    public void Json_HasTheInspectFieldNames()
    {
        var t = LlavaTokenRegions.Inspect(tokenizer, Sample("Is the jar full or empty?", "full"), Positions);
        var json = JsonSerializer.Serialize(t);
        foreach (var name in new[] { "id", "task", "prompt", "text_ids", "image_positions", "x_v", "x_l", "answer_id" })
            Assert.Contains($"\"{name}\":", json);
        Assert.DoesNotContain("SequenceLength", json);
    }

    [Fact]
    public void BadTemplateQuestionOrAnswer_IsAnInputErrorNamingIt()
    {
        var ok = Sample("Is it red?", "yes");
        Assert.Contains("needs one '<image>'", Assert.Throws<PidInputException>(() => LlavaTokenRegions.Inspect(tokenizer, ok, 4, "USER: {question} ASSISTANT:")).Message);
        Assert.Contains("needs one '<image>'", Assert.Throws<PidInputException>(() => LlavaTokenRegions.Inspect(tokenizer, ok, 4, "{question} <image>")).Message);
        Assert.Contains("exactly one image token", Assert.Throws<PidInputException>(() => LlavaTokenRegions.Inspect(tokenizer, Sample("What is <image>?", "x"), 4)).Message);
        Assert.Contains("no tokens of its own", Assert.Throws<PidInputException>(() => LlavaTokenRegions.Inspect(tokenizer, Sample("", "x"), 4)).Message);
        Assert.Contains("at least 1", Assert.Throws<PidInputException>(() => LlavaTokenRegions.Inspect(tokenizer, ok, 0)).Message);
        Assert.Contains("unknown token", Assert.Throws<PidInputException>(() => LlavaTokenRegions.Inspect(tokenizer, Sample("Is it red?", "<unk>"), 4)).Message);
        Assert.Contains("test sample", Assert.Throws<PidInputException>(() => LlavaTokenRegions.Inspect(tokenizer, Sample("Is it red?", "<unk>"), 4)).Message);
    }
}

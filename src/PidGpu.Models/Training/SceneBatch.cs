using PidGpu.Inputs.Scenes;
using PidGpu.Inputs.Text;
using PidGpu.Inputs.Vision;
using TorchSharp;
using static TorchSharp.torch;

namespace PidGpu.Models.Training;

/// <summary>
/// Scene samples as model input. Prompts differ in length, so they are right-padded with <c>&lt;pad&gt;</c>: under the
/// causal mask no real token attends to a later pad, so every real position computes exactly what it would unpadded,
/// and each sample's answer is read at its own <see cref="LastPositions"/>. Disposing frees the tensors.
/// </summary>
public sealed class SceneBatch : IDisposable
{
    private SceneBatch(Tensor ids, Tensor pixels, Tensor last, Tensor imageMask, Tensor questionMask, Tensor answers, IReadOnlyList<SceneSample> samples)
    {
        InputIds = ids;
        PixelValues = pixels;
        LastPositions = last;
        ImageMask = imageMask;
        QuestionMask = questionMask;
        AnswerIds = answers;
        Samples = samples;
    }

    /// <summary>int64 [B, T], right-padded.</summary>
    public Tensor InputIds { get; }

    /// <summary>float32 [B, 3, H, W], CLIP-normalised.</summary>
    public Tensor PixelValues { get; }

    /// <summary>int64 [B]: each prompt's last real position (where the answer is read).</summary>
    public Tensor LastPositions { get; }

    /// <summary>bool [B, T]: image-token positions.</summary>
    public Tensor ImageMask { get; }

    /// <summary>bool [B, T]: positions of the question's own tokens (not the template's).</summary>
    public Tensor QuestionMask { get; }

    /// <summary>int64 [B]: token id of each gold answer.</summary>
    public Tensor AnswerIds { get; }

    public IReadOnlyList<SceneSample> Samples { get; }

    /// <summary>Tokenizes and preprocesses <paramref name="samples"/>; <paramref name="prompts"/> caches encodings by question.</summary>
    public static SceneBatch Create(IReadOnlyList<SceneSample> samples, PromptTokenizer tokenizer, int imageTokens,
        Dictionary<string, PromptEncoding>? prompts = null)
    {
        if (samples.Count == 0)
            throw new PidInputException("a batch needs at least one sample");
        prompts ??= [];
        var encodings = samples.Select(s => prompts.TryGetValue(s.Question, out var e) ? e
            : prompts[s.Question] = tokenizer.EncodePrompt(s.Question, imageTokens)).ToArray();
        int b = samples.Count, t = encodings.Max(e => e.Ids.Length);
        int padId = WordVocabulary.SpecialTokens.ToList().IndexOf(WordVocabulary.Padding);
        var ids = new long[b * t];
        var image = new bool[b * t];
        var question = new bool[b * t];
        var last = new long[b];
        var answers = new long[b];
        Array.Fill(ids, padId);
        for (int i = 0; i < b; i++)
        {
            var e = encodings[i];
            for (int p = 0; p < e.Ids.Length; p++) ids[i * t + p] = e.Ids[p];
            for (int p = 0; p < e.ImageTokenCount; p++) image[i * t + e.ImageStart + p] = true;
            foreach (int p in e.QuestionPositions) question[i * t + p] = true;
            last[i] = e.LastPosition;
            answers[i] = tokenizer.SingleTokenId(samples[i].Answer);
        }
        int side = samples[0].Scene.Height;
        var pixels = new float[b * 3 * side * side];
        for (int i = 0; i < b; i++)
        {
            if (samples[i].Scene.Height != side || samples[i].Scene.Width != side)
                throw new PidInputException($"sample {i}: scene is {samples[i].Scene.Width}x{samples[i].Scene.Height}, the batch's first is {side}x{side}");
            ScenePng.ToClipInput(samples[i].Scene).CopyTo(pixels, i * 3 * side * side);
        }
        return new SceneBatch(
            torch.tensor(ids).view(b, t), torch.tensor(pixels).view(b, 3, side, side), torch.tensor(last),
            torch.tensor(image).view(b, t), torch.tensor(question).view(b, t), torch.tensor(answers), samples);
    }

    /// <summary>Rows of <paramref name="perPosition"/> [B, T, ...] at each sample's last position: [B, ...].</summary>
    public Tensor AtLast(Tensor perPosition)
    {
        using var scope = NewDisposeScope();
        long b = perPosition.shape[0], d = perPosition.shape[2];
        var index = LastPositions.view(b, 1, 1).expand(b, 1, d);
        return perPosition.gather(1, index).squeeze(1).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        InputIds.Dispose();
        PixelValues.Dispose();
        LastPositions.Dispose();
        ImageMask.Dispose();
        QuestionMask.Dispose();
        AnswerIds.Dispose();
    }
}

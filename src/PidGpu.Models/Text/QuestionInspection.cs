using PidGpu.Capture;
using PidGpu.Inputs.Text;
using PidGpu.Models.Llava;

namespace PidGpu.Models.Text;

/// <summary>What a LLaVA model sees for each question (<c>pidgpu inspect</c>): <see cref="LlavaTokenRegions.Inspect"/> per sample,
/// with the model directory's tokenizer and image position count (LLaVA-1.6: from each image's size); faulty samples are skipped and named.</summary>
public static class QuestionInspection
{
    public static IReadOnlyList<LlavaSampleTokens> Run(LlavaModelDirectory model, IReadOnlyList<QuestionSample> questions, string template,
        SampleFaults faults)
    {
        var tokens = new List<LlavaSampleTokens>(questions.Count);
        for (int i = 0; i < questions.Count; i++)
        {
            var q = questions[i];
            if (faults.Try(q, () => LlavaTokenRegions.Inspect(model.Tokenizer, q, model.ImagePositionsOf(q.ImagePath), template, model.Config.ImageTokenIndex), i) is { } t)
                tokens.Add(t);
        }
        faults.CheckSomeLeft(questions.Count);
        return tokens;
    }
}

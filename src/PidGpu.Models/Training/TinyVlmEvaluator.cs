using PidGpu.Models.Llava;
using PidGpu.Inputs.Scenes;
using PidGpu.Inputs.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace PidGpu.Models.Training;

/// <summary>
/// Per-task accuracy of a scene model on scene samples, in padded batches: the trainer's held-out check (<c>training.json</c>).
/// Its answer is the argmax among the scene tasks' answer words (<see cref="SceneTaskSuite.AnswerVocabulary"/>), the rule the
/// model was trained and selected under. The analysis does not use it: <c>analyze</c>/<c>knockout</c> take the question path,
/// where a sample is correct when the full-vocabulary argmax is the gold answer's token (the paper's rule).
/// </summary>
public static class TinyVlmEvaluator
{
    const int BatchSize = 64;

    /// <param name="knockoutLayers">Decoder blocks (0-based) in which the question positions and each prompt's last position lose the
    /// image keys: a diagnostic of where the trained model reads the image, stricter than the paper's Image→Question knockout
    /// (question queries only), which the analysis runs. Null or empty = the intact model.</param>
    public static IReadOnlyList<TaskAccuracy> Accuracies(LlavaModel model, PromptTokenizer tokenizer, IReadOnlyList<SceneSample> samples,
        IReadOnlyCollection<int>? knockoutLayers = null)
    {
        if (samples.Count == 0) throw new PidInputException("evaluation: no samples");
        var knockout = knockoutLayers ?? [];
        var answers = SceneTaskSuite.AnswerVocabulary;
        var correct = new bool[samples.Count];
        var prompts = new Dictionary<string, PromptEncoding>();
        using var _ = torch.no_grad();
        using var answerIndex = torch.tensor(answers.Select(a => (long)tokenizer.SingleTokenId(a)).ToArray());
        for (int start = 0; start < samples.Count; start += BatchSize)
        {
            using var gcHold = TorchGc.Hold();
            using var scope = NewDisposeScope();
            using var batch = SceneBatch.Create(samples.Skip(start).Take(BatchSize).ToArray(), tokenizer, model.Config.ImageTokensPerImage, prompts);
            using var ko = knockout.Count == 0 ? null : QuestionAndLast(batch, model.Config.ImageTokenIndex, knockout);
            using var output = model.Forward(batch.InputIds, batch.PixelValues, new LlavaForwardOptions { AllPositions = true, Knockout = ko });
            var best = batch.AtLast(output.Logits).index_select(1, answerIndex).argmax(1).data<long>().ToArray();
            for (int i = 0; i < best.Length; i++) correct[start + i] = answers[(int)best[i]] == samples[start + i].Answer;
        }
        return SceneTaskSuite.All.Select(task =>
        {
            var rows = Enumerable.Range(0, samples.Count).Where(i => samples[i].Task == task.Kind).ToArray();
            double accuracy = rows.Length == 0 ? double.NaN : rows.Count(i => correct[i]) / (double)rows.Length;
            return new TaskAccuracy(task.Kind.ToString(), rows.Length, Math.Round(accuracy, 4), Math.Round(1.0 / task.Answers.Count, 4));
        }).ToArray();
    }

    /// <summary>The diagnostic knockout mask for a batch: question positions and each prompt's last position lose image keys.</summary>
    public static AttentionKnockout QuestionAndLast(SceneBatch batch, int imageTokenIndex, IEnumerable<int> layers)
    {
        using var scope = NewDisposeScope();
        var queries = batch.QuestionMask.clone();
        queries.scatter_(1, batch.LastPositions.view(-1, 1), torch.ones(batch.LastPositions.shape[0], 1, ScalarType.Bool));
        return AttentionKnockout.ImageToQueries(batch.InputIds, imageTokenIndex, queries, layers);
    }
}

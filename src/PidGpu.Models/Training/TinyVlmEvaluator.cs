using PidGpu.Models.Capture;
using PidGpu.Models.Llava;
using PidGpu.Inputs.Scenes;
using PidGpu.Inputs.Text;

namespace PidGpu.Models.Training;

/// <summary>Per-task accuracy of a model on scene samples, intact or with the Image→Question knockout.</summary>
public static class TinyVlmEvaluator
{
    public static IReadOnlyList<TaskAccuracy> Accuracies(LlavaModel model, PromptTokenizer tokenizer, IReadOnlyList<SceneSample> samples,
        IReadOnlyCollection<int>? knockoutLayers = null)
    {
        var run = LayerCapture.Run(model, tokenizer, samples, new LayerCaptureOptions { CaptureLayers = false, KnockoutLayers = knockoutLayers });
        return Accuracies(run);
    }

    public static IReadOnlyList<TaskAccuracy> Accuracies(LayerCaptureResult run) =>
        SceneTaskSuite.All.Select(task =>
        {
            var rows = Enumerable.Range(0, run.Samples).Where(i => run.Tasks[i] == task.Kind).ToArray();
            double accuracy = rows.Length == 0 ? double.NaN : rows.Count(i => run.Correct[i]) / (double)rows.Length;
            return new TaskAccuracy(task.Kind.ToString(), rows.Length, Math.Round(accuracy, 4), Math.Round(1.0 / task.Answers.Count, 4));
        }).ToArray();
}

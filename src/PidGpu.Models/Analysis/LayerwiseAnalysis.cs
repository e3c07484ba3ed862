using PidGpu.Report;
using PidGpu.Device;
using PidGpu.Models.Capture;
using PidGpu.Inputs.Scenes;
using PidGpu.Models.Training;
using PidGpu.Progress;

namespace PidGpu.Models.Analysis;

/// <summary>
/// The paper's layer-wise analysis on the scene tasks: per task, forward passes with layer capture (TorchSharp), then per
/// layer ℓ = 0..L the PID of Y (gold-answer logit at the last position) from X1 = mean image-token state and X2 = mean
/// question-token state (PCA, copula, Gaussian MMI on the device). Only correctly answered samples of the intact run are
/// analysed; knockout conditions reuse exactly those samples, whatever the model answers under knockout.
/// With <see cref="LayerEstimator.Discrete"/> the same PCA scores are coded by k-means and Y by its answer class or quantile
/// bins, and each layer's joint table is decomposed by BROJA (which, unlike the Gaussian estimate, sees XOR synergy).
/// </summary>
public static class LayerwiseAnalysis
{
    /// <summary>Stage names of <see cref="RunSettings.StageSeconds"/>, in pipeline order.</summary>
    public static IReadOnlyList<string> Stages { get; } = ["forward", "capture", "reduce", "gaussianize", "estimate"];

    /// <summary>
    /// Runs every task and condition. Cancelling <paramref name="cancel"/> stops at the next batch or layer: the result then
    /// holds the layers that finished and is marked <see cref="RunSettings.Partial"/> (a half-captured condition is dropped).
    /// </summary>
    public static RunResults Run(PidDevice device, TinyVlm vlm, string modelName, LayerwiseOptions o,
        RunProgress? progress = null, CancellationToken cancel = default)
    {
        progress ??= new RunProgress();
        var records = new List<LayerRecord>();
        var stages = Stages.ToDictionary(s => s, _ => 0.0);
        int conditions = 1 + o.Knockouts.Count, states = vlm.Model.Config.Text.NumHiddenLayers + 1;
        var forwardMeter = progress.Define("forward", "samples", (long)o.Tasks.Count * conditions * o.SamplesPerTask);
        var pidMeter = progress.Define("PID", "layers", (long)o.Tasks.Count * conditions * states);
        bool partial = false;
        try
        {
            foreach (var task in o.Tasks)
            {
                if (AllResumed(o, task.ToString(), states, records))
                {
                    progress.Skip(forwardMeter, (long)conditions * o.SamplesPerTask);
                    progress.Skip(pidMeter, (long)conditions * states);
                    continue;
                }
                var samples = SceneTaskSuite.Generate(SceneTaskSuite.Get(task), o.SamplesPerTask, o.Seed + (int)task);
                var intact = Capture(vlm, samples, null, stages, progress, forwardMeter, cancel);
                var kept = Enumerable.Range(0, intact.Samples).Where(i => intact.Correct[i]).ToArray();
                double accuracy = (double)kept.Length / intact.Samples;
                progress.Log($"{task}: accuracy {accuracy:P1}, {kept.Length} correct samples");
                if (kept.Length < o.MinimumSamples)
                {
                    progress.Log($"{task}: skipped, fewer than {o.MinimumSamples} correct samples");
                    progress.Skip(forwardMeter, (long)o.Knockouts.Count * o.SamplesPerTask);
                    progress.Skip(pidMeter, (long)conditions * states);
                    continue;
                }
                Layers(device, intact, kept, samples, modelName, task, Conditions.Intact, accuracy, o, records, stages, progress, pidMeter, cancel);
                foreach (var (first, last) in o.Knockouts)
                {
                    var ko = Capture(vlm, samples, Enumerable.Range(first, last - first + 1).ToArray(), stages, progress, forwardMeter, cancel);
                    double koAccuracy = ko.Correct.Count(c => c) / (double)ko.Samples;
                    progress.Log($"{task}: knockout {first}-{last}: accuracy {koAccuracy:P1}");
                    Layers(device, ko, kept, samples, modelName, task, Conditions.Knockout(first, last), koAccuracy, o, records, stages, progress, pidMeter, cancel);
                }
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            partial = true;
            progress.Log($"interrupted: keeping the {records.Count} finished layer decompositions (marked partial)");
        }
        var settings = new RunSettings(
            SettingsOptions(o),
            new Dictionary<string, long> { ["data"] = o.Seed },
            device.Description,
            new Dictionary<string, string> { ["pidgpu"] = typeof(LayerwiseAnalysis).Assembly.GetName().Version?.ToString() ?? "?" },
            stages.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value, 3)),
            Partial: partial);
        return new RunResults(settings, records);
    }

    /// <summary>
    /// When a checkpoint holds every layer of every condition of the task, adds them in run order and skips its forward
    /// passes. Otherwise the intact pass is needed (it picks the samples); finished layers are still taken as they are.
    /// </summary>
    static bool AllResumed(LayerwiseOptions o, string task, int states, List<LayerRecord> records)
    {
        if (o.Checkpoint is not { } checkpoint) return false;
        string[] conditions = [Conditions.Intact, .. o.Knockouts.Select(w => Conditions.Knockout(w.First, w.Last))];
        if (!conditions.All(c => checkpoint.HasAll(task, c, states))) return false;
        foreach (var c in conditions)
            for (int layer = 0; layer < states; layer++) records.Add(checkpoint.Finished(task, c, layer)!);
        return true;
    }

    internal static Dictionary<string, string> SettingsOptions(LayerwiseOptions o)
    {
        bool discrete = o.Estimator == LayerEstimator.Discrete;
        bool answer = o.Target == LayerTarget.Answer;
        var options = new Dictionary<string, string>
        {
            ["estimator"] = discrete ? "discrete broja" : "gaussian mmi", ["pca"] = o.Pca.ToString(),
            ["samples_per_task"] = o.SamplesPerTask.ToString(), ["bootstrap"] = o.Bootstrap.ToString(),
            ["x1"] = "mean image-token state", ["x2"] = "mean question-token state",
            ["target"] = answer ? "answer" : "logit",
            ["y"] = answer ? "gold answer class among the task's answers" : "gold answer logit, last position",
            ["samples"] = "correct answers of the intact run",
        };
        if (discrete)
        {
            options["bins"] = o.Bins.ToString();
            options["discretize"] = answer ? "k-means per source; y as classes" : "k-means per source; y in quantile bins";
            options["broja_target_gap_bits"] = o.BrojaGapBits.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            options["broja_max_iterations"] = o.BrojaMaxIterations.ToString();
        }
        else options["gaussianize"] = o.Copula ? "copula" : "none";
        return options;
    }

    static LayerCaptureResult Capture(TinyVlm vlm, IReadOnlyList<SceneSample> samples, int[]? knockout, Dictionary<string, double> stages,
        RunProgress progress, StageMeter meter, CancellationToken cancel)
    {
        var run = LayerCapture.Run(vlm.Model, vlm.Tokenizer, samples, new LayerCaptureOptions
        {
            KnockoutLayers = knockout,
            Cancellation = cancel,
            OnBatch = (count, seconds) => progress.Advance(meter, count, seconds),
        });
        stages["forward"] += run.ForwardSeconds;
        stages["capture"] += run.CaptureSeconds;
        return run;
    }

    static void Layers(PidDevice device, LayerCaptureResult run, int[] kept, IReadOnlyList<SceneSample> samples, string model,
        SceneTaskKind task, string condition, double accuracy, LayerwiseOptions o, List<LayerRecord> records,
        Dictionary<string, double> stages, RunProgress progress, StageMeter meter, CancellationToken cancel)
    {
        var answers = SceneTaskSuite.Get(task).Answers;
        // Y per kept sample. The answer class is the gold one (under knockout too), so conditions share one target.
        int[] classes = kept.Select(i => IndexOf(answers, samples[i].Answer)).ToArray();
        var sources = new LayerSources(task.ToString(), run, kept, kept.Select(i => run.Target[i]).ToArray(),
            classes, answers.Count);
        LayerEstimation.Run(sources, new LayerRun(device, model, condition, accuracy, o, records, stages, progress, meter, cancel));
    }

    static int IndexOf(IReadOnlyList<string> answers, string answer)
    {
        for (int i = 0; i < answers.Count; i++) if (answers[i] == answer) return i;
        throw new InvalidOperationException($"gold answer '{answer}' is not one of the task's answers");
    }
}

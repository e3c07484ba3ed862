using PidGpu.Analysis;
using PidGpu.Device;
using PidGpu.Formats.Arrays;
using PidGpu.Models.Capture;
using PidGpu.Models.Scenes;
using PidGpu.Models.Training;
using PidGpu.Pipeline;
using PidGpu.Progress;
using PidGpu.Uncertainty;

namespace PidGpu.Models.Analysis;

/// <summary>
/// The paper's layer-wise analysis on the scene tasks: per task, forward passes with layer capture (TorchSharp), then per
/// layer ℓ = 0..L the PID of Y (gold-answer logit at the last position) from X1 = mean image-token state and X2 = mean
/// question-token state (PCA, copula, Gaussian MMI on the device). Only correctly answered samples of the intact run are
/// analysed; knockout conditions reuse exactly those samples, whatever the model answers under knockout.
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
                Layers(device, intact, kept, modelName, task, Conditions.Intact, accuracy, o, records, stages, progress, pidMeter, cancel);
                foreach (var (first, last) in o.Knockouts)
                {
                    var ko = Capture(vlm, samples, Enumerable.Range(first, last - first + 1).ToArray(), stages, progress, forwardMeter, cancel);
                    double koAccuracy = ko.Correct.Count(c => c) / (double)ko.Samples;
                    progress.Log($"{task}: knockout {first}-{last}: accuracy {koAccuracy:P1}");
                    Layers(device, ko, kept, modelName, task, Conditions.Knockout(first, last), koAccuracy, o, records, stages, progress, pidMeter, cancel);
                }
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            partial = true;
            progress.Log($"interrupted: keeping the {records.Count} finished layer decompositions (marked partial)");
        }
        var settings = new RunSettings(
            new Dictionary<string, string>
            {
                ["estimator"] = "gaussian mmi", ["pca"] = o.Pca.ToString(), ["gaussianize"] = o.Copula ? "copula" : "none",
                ["samples_per_task"] = o.SamplesPerTask.ToString(), ["bootstrap"] = o.Bootstrap.ToString(),
                ["x1"] = "mean image-token state", ["x2"] = "mean question-token state", ["y"] = "gold answer logit, last position",
                ["samples"] = "correct answers of the intact run",
            },
            new Dictionary<string, long> { ["data"] = o.Seed },
            device.Description,
            new Dictionary<string, string> { ["pidgpu"] = typeof(LayerwiseAnalysis).Assembly.GetName().Version?.ToString() ?? "?" },
            stages.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value, 3)),
            Partial: partial);
        return new RunResults(settings, records);
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

    static void Layers(PidDevice device, LayerCaptureResult run, int[] kept, string model, SceneTaskKind task,
        string condition, double accuracy, LayerwiseOptions o, List<LayerRecord> records, Dictionary<string, double> stages,
        RunProgress progress, StageMeter meter, CancellationToken cancel)
    {
        int d = run.HiddenSize;
        var y = new InMemoryMatrix(kept.Select(i => run.Target[i]).ToArray(), 1, $"{task} target");
        var flow = new PidFlow(device);
        var settings = new PidFlowSettings
        {
            PcaComponents = o.Pca,
            Gaussianizer = o.Copula ? new CopulaStage(device) : null,
            Gpid = false,
            Resampling = new ResamplingOptions(o.Bootstrap, 0, (ulong)o.Seed),
        };
        for (int layer = 0; layer < run.LayerCount; layer++)
        {
            cancel.ThrowIfCancellationRequested();
            var x1 = new InMemoryMatrix(Rows(run.Vision[layer], kept, d), d, $"{task} layer {layer} vision");
            var x2 = new InMemoryMatrix(Rows(run.Language[layer], kept, d), d, $"{task} layer {layer} language");
            var result = flow.Run(x1, x2, y, settings);
            stages["reduce"] += result.Timings.ReduceSeconds;
            stages["gaussianize"] += result.Timings.GaussianizeSeconds;
            stages["estimate"] += result.Timings.EstimateSeconds;
            var e = result.Mmi!;
            var a = e.Atoms;
            records.Add(new LayerRecord(model, task.ToString(), layer, condition, a.R, a.U1, a.U2, a.S, a.I, kept.Length)
            {
                Accuracy = accuracy,
                Lower = e.Bootstrap is { } b ? new AtomValues(b.R.Lower, b.U1.Lower, b.U2.Lower, b.S.Lower, b.I.Lower) : null,
                Upper = e.Bootstrap is { } c ? new AtomValues(c.R.Upper, c.U1.Upper, c.U2.Upper, c.S.Upper, c.I.Upper) : null,
            });
            progress.Advance(meter, 1, result.Timings.TotalSeconds);
        }
    }

    static float[] Rows(float[] matrix, int[] rows, int d)
    {
        var result = new float[rows.Length * d];
        for (int i = 0; i < rows.Length; i++) Array.Copy(matrix, rows[i] * d, result, i * d, d);
        return result;
    }
}

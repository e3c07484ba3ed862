using System.Diagnostics;
using PidGpu.Analysis;
using PidGpu.Device;
using PidGpu.Formats.Arrays;
using PidGpu.Models.Capture;
using PidGpu.Models.Scenes;
using PidGpu.Models.Training;
using PidGpu.Pipeline;
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
    public static RunResults Run(PidDevice device, TinyVlm vlm, string modelName, LayerwiseOptions o, Action<string>? progress = null)
    {
        var records = new List<LayerRecord>();
        var stages = new Dictionary<string, double> { ["forward_and_capture"] = 0, ["pid"] = 0 };
        var clock = new Stopwatch();
        foreach (var task in o.Tasks)
        {
            var samples = SceneTaskSuite.Generate(SceneTaskSuite.Get(task), o.SamplesPerTask, o.Seed + (int)task);
            clock.Restart();
            var intact = LayerCapture.Run(vlm.Model, vlm.Tokenizer, samples);
            stages["forward_and_capture"] += clock.Elapsed.TotalSeconds;
            var kept = Enumerable.Range(0, intact.Samples).Where(i => intact.Correct[i]).ToArray();
            double accuracy = (double)kept.Length / intact.Samples;
            progress?.Invoke($"{task}: accuracy {accuracy:P1}, {kept.Length} correct samples");
            if (kept.Length < o.MinimumSamples)
            {
                progress?.Invoke($"{task}: skipped, fewer than {o.MinimumSamples} correct samples");
                continue;
            }
            clock.Restart();
            records.AddRange(Layers(device, intact, kept, modelName, task, Conditions.Intact, accuracy, o));
            stages["pid"] += clock.Elapsed.TotalSeconds;
            foreach (var (first, last) in o.Knockouts)
            {
                clock.Restart();
                var ko = LayerCapture.Run(vlm.Model, vlm.Tokenizer, samples,
                    new LayerCaptureOptions { KnockoutLayers = Enumerable.Range(first, last - first + 1).ToArray() });
                stages["forward_and_capture"] += clock.Elapsed.TotalSeconds;
                double koAccuracy = ko.Correct.Count(c => c) / (double)ko.Samples;
                progress?.Invoke($"{task}: knockout {first}-{last}: accuracy {koAccuracy:P1}");
                clock.Restart();
                records.AddRange(Layers(device, ko, kept, modelName, task, Conditions.Knockout(first, last), koAccuracy, o));
                stages["pid"] += clock.Elapsed.TotalSeconds;
            }
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
            stages,
            Partial: false);
        return new RunResults(settings, records);
    }

    static IEnumerable<LayerRecord> Layers(PidDevice device, LayerCaptureResult run, int[] kept, string model, SceneTaskKind task,
        string condition, double accuracy, LayerwiseOptions o)
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
            var x1 = new InMemoryMatrix(Rows(run.Vision[layer], kept, d), d, $"{task} layer {layer} vision");
            var x2 = new InMemoryMatrix(Rows(run.Language[layer], kept, d), d, $"{task} layer {layer} language");
            var e = flow.Run(x1, x2, y, settings).Mmi!;
            var a = e.Atoms;
            yield return new LayerRecord(model, task.ToString(), layer, condition, a.R, a.U1, a.U2, a.S, a.I, kept.Length)
            {
                Accuracy = accuracy,
                Lower = e.Bootstrap is { } b ? new AtomValues(b.R.Lower, b.U1.Lower, b.U2.Lower, b.S.Lower, b.I.Lower) : null,
                Upper = e.Bootstrap is { } c ? new AtomValues(c.R.Upper, c.U1.Upper, c.U2.Upper, c.S.Upper, c.I.Upper) : null,
            };
        }
    }

    static float[] Rows(float[] matrix, int[] rows, int d)
    {
        var result = new float[rows.Length * d];
        for (int i = 0; i < rows.Length; i++) Array.Copy(matrix, rows[i] * d, result, i * d, d);
        return result;
    }
}

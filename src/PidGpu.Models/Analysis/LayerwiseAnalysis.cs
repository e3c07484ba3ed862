using System.Diagnostics;
using PidGpu.Analysis;
using PidGpu.Device;
using PidGpu.Discretize;
using PidGpu.Estimators;
using PidGpu.Formats.Arrays;
using PidGpu.Models.Capture;
using PidGpu.Models.Scenes;
using PidGpu.Models.Training;
using PidGpu.Pid;
using PidGpu.Pipeline;
using PidGpu.Progress;
using PidGpu.Uncertainty;

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

    static Dictionary<string, string> SettingsOptions(LayerwiseOptions o)
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
        float[] target = o.Target == LayerTarget.Answer ? classes.Select(c => (float)c).ToArray() : kept.Select(i => run.Target[i]).ToArray();
        var context = new LayerContext(device, run, kept, model, task, condition, accuracy, o, records, stages, progress, meter, cancel);
        if (o.Estimator == LayerEstimator.Discrete) DiscreteLayers(context, target, classes, answers.Count);
        else GaussianLayers(context, target);
    }

    sealed record LayerContext(PidDevice Device, LayerCaptureResult Run, int[] Kept, string Model, SceneTaskKind Task, string Condition,
        double Accuracy, LayerwiseOptions O, List<LayerRecord> Records, Dictionary<string, double> Stages, RunProgress Progress,
        StageMeter Meter, CancellationToken Cancel)
    {
        public InMemoryMatrix Vision(int layer) =>
            new(Rows(Run.Vision[layer], Kept, Run.HiddenSize), Run.HiddenSize, $"{Task} layer {layer} vision");

        public InMemoryMatrix Language(int layer) =>
            new(Rows(Run.Language[layer], Kept, Run.HiddenSize), Run.HiddenSize, $"{Task} layer {layer} language");

        /// <summary>Records one layer's atoms, with its bootstrap interval when there is one.</summary>
        public void Add(int layer, PidAtoms a, BootstrapSummary? boot) =>
            Records.Add(new LayerRecord(Model, Task.ToString(), layer, Condition, a.R, a.U1, a.U2, a.S, a.I, Kept.Length)
            {
                Accuracy = Accuracy,
                Lower = boot?.Lower,
                Upper = boot?.Upper,
            });
    }

    static int IndexOf(IReadOnlyList<string> answers, string answer)
    {
        for (int i = 0; i < answers.Count; i++) if (answers[i] == answer) return i;
        throw new InvalidOperationException($"gold answer '{answer}' is not one of the task's answers");
    }

    static void GaussianLayers(LayerContext c, float[] target)
    {
        var o = c.O;
        var y = new InMemoryMatrix(target, 1, $"{c.Task} target");
        var flow = new PidFlow(c.Device);
        var settings = new PidFlowSettings
        {
            PcaComponents = o.Pca,
            Gaussianizer = o.Copula ? new CopulaStage(c.Device) : null,
            Gpid = false,
            Resampling = new ResamplingOptions(o.Bootstrap, 0, (ulong)o.Seed),
        };
        for (int layer = 0; layer < c.Run.LayerCount; layer++)
        {
            c.Cancel.ThrowIfCancellationRequested();
            var result = flow.Run(c.Vision(layer), c.Language(layer), y, settings);
            c.Stages["reduce"] += result.Timings.ReduceSeconds;
            c.Stages["gaussianize"] += result.Timings.GaussianizeSeconds;
            c.Stages["estimate"] += result.Timings.EstimateSeconds;
            var e = result.Mmi!;
            c.Add(layer, e.Atoms, e.Bootstrap);
            c.Progress.Advance(c.Meter, 1, result.Timings.TotalSeconds);
        }
    }

    /// <summary>
    /// Discrete route for all layers of one task and condition. Stage timing: PCA and the discretisation (k-means codes, Y's
    /// quantile bins, the joint tables) count as "reduce", BROJA (and its bootstrap) as "estimate"; "gaussianize" stays 0.
    /// All layers' tables go to the engine in one batch, so a cancel lands between layers of the coding (dropping this
    /// condition), after the batch, or between layers' bootstraps (keeping the layers already bootstrapped).
    /// </summary>
    static void DiscreteLayers(LayerContext c, float[] target, int[] classes, int answerCount)
    {
        var o = c.O;
        var clock = Stopwatch.StartNew();
        var (y, ny) = o.Target == LayerTarget.Answer
            ? (classes, answerCount)
            : (new Binner(c.Device).Bin(target, o.Bins, BinningMode.Quantile, $"{c.Task} target (logit)"), o.Bins);
        var histogrammer = new JointHistogrammer(c.Device);
        var codes = new List<(int[] X1, int[] X2, int N1, int N2)>();
        var joints = new List<JointDistribution>();
        for (int layer = 0; layer < c.Run.LayerCount; layer++)
        {
            c.Cancel.ThrowIfCancellationRequested();
            var x1 = DiscreteRoute.Codes(c.Device, VariableReducer.Reduce(c.Device, "X1", c.Vision(layer), o.Pca), o.Bins, DiscretizeMode.KMeans, o.Seed);
            var x2 = DiscreteRoute.Codes(c.Device, VariableReducer.Reduce(c.Device, "X2", c.Language(layer), o.Pca), o.Bins, DiscretizeMode.KMeans, o.Seed);
            codes.Add((x1.Codes, x2.Codes, x1.Alphabet, x2.Alphabet));
            joints.Add(histogrammer.Count([(x1.Codes, x2.Codes, y)], x1.Alphabet, x2.Alphabet, ny, $"{c.Task} {c.Condition} layer {layer}")[0]);
        }
        double reduceSeconds = clock.Elapsed.TotalSeconds;
        c.Stages["reduce"] += reduceSeconds;
        c.Cancel.ThrowIfCancellationRequested();

        clock.Restart();
        var broja = new BrojaOptions(o.BrojaGapBits, o.BrojaMaxIterations);
        var engine = new DiscretePidEngine(c.Device);
        var resampler = o.Bootstrap > 0 ? new DiscreteResampler(c.Device) : null;
        var resampling = new ResamplingOptions(o.Bootstrap, 0, (ulong)o.Seed);
        try
        {
            var solved = engine.Decompose(joints, PidMeasure.Broja, broja);
            // Each layer is credited an equal share of the coding and the batch, plus its own bootstrap, so the bar moves per layer.
            double shared = (reduceSeconds + clock.Elapsed.TotalSeconds) / solved.Count;
            for (int layer = 0; layer < solved.Count; layer++)
            {
                double start = clock.Elapsed.TotalSeconds;
                var a = solved[layer].Broja!;
                if (!a.Converged)
                    c.Progress.Log($"{c.Task} {c.Condition} layer {layer}: BROJA did not converge in {a.Iterations} iterations; " +
                        $"gap {a.GapBits:E2} bits > target {o.BrojaGapBits:E2} (atoms within the gap of their exact values)");
                BootstrapSummary? boot = null;
                if (resampler is not null)
                {
                    c.Cancel.ThrowIfCancellationRequested();
                    var (x1, x2, n1, n2) = codes[layer];
                    var replicates = engine.Decompose(resampler.Joints(x1, x2, y, n1, n2, ny, resampling, bootstrap: true), PidMeasure.Broja, broja);
                    boot = ReplicateStatistics.Bootstrap(a, replicates.Select(r => (PidAtoms)r.Broja!).ToArray(),
                        resampling.Seed, resampling.LowerQuantile, resampling.UpperQuantile);
                }
                c.Add(layer, a, boot);
                c.Progress.Advance(c.Meter, 1, shared + clock.Elapsed.TotalSeconds - start);
            }
        }
        finally
        {
            c.Stages["estimate"] += clock.Elapsed.TotalSeconds; // kept on cancel too, like the finished layers
        }
    }

    static float[] Rows(float[] matrix, int[] rows, int d)
    {
        var result = new float[rows.Length * d];
        for (int i = 0; i < rows.Length; i++) Array.Copy(matrix, rows[i] * d, result, i * d, d);
        return result;
    }
}

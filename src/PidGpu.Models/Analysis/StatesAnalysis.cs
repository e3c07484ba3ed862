using PidGpu.Report;
using PidGpu.Device;
using PidGpu.Models.Capture;
using PidGpu.Progress;

namespace PidGpu.Models.Analysis;

/// <summary>
/// The layer-wise analysis from captured states, for every run (<c>analyze --states</c>, <c>--data</c>, the scene tasks, each knockout
/// condition): the per-layer estimation (<see cref="LayerEstimation"/>) on the rows of each task, in the order tasks first appear. Every
/// captured row is analysed: the choice of samples (correct answers, or all) was made by the capture and is recorded with it.
/// A task with fewer than <see cref="LayerwiseOptions.MinimumSamples"/> rows is skipped with a message. For
/// <see cref="LayerTarget.Answer"/>, a row's class is its gold answer's rank among the task's distinct gold answers (ordinal order).
/// </summary>
public static class StatesAnalysis
{
    /// <summary>Stage names of <see cref="RunSettings.StageSeconds"/>, in pipeline order.</summary>
    public static IReadOnlyList<string> Stages { get; } = ["forward", "capture", "reduce", "gaussianize", "estimate"];

    /// <param name="tasks">Tasks to analyse (names compared ignoring case); null = every task in the states.</param>
    /// <param name="condition">The records' condition: intact, or the knockout the states were captured under.</param>
    public static RunResults Run(PidDevice device, CapturedStates states, LayerwiseOptions o, IReadOnlyCollection<string>? tasks = null,
        RunProgress? progress = null, CancellationToken cancel = default, string condition = Conditions.Intact)
    {
        progress ??= new RunProgress();
        var byTask = states.Samples.Select((s, i) => (s.Task, Row: i)).GroupBy(p => p.Task, StringComparer.Ordinal)
            .Where(g => tasks is null || tasks.Contains(g.Key, StringComparer.OrdinalIgnoreCase)).ToList();
        if (byTask.Count == 0)
            throw new PidInputException($"none of the tasks {string.Join(", ", tasks ?? [])} is in the captured states; they hold " +
                string.Join(", ", states.Samples.Select(s => s.Task).Distinct()));
        var records = new List<LayerRecord>();
        var stages = Stages.ToDictionary(s => s, _ => 0.0);
        var meter = progress.Define("PID", "layers", (long)byTask.Count * states.LayerCount);
        bool partial = false;
        try
        {
            foreach (var group in byTask)
            {
                int[] rows = group.Select(p => p.Row).ToArray();
                if (rows.Length < o.MinimumSamples)
                {
                    progress.Log($"{group.Key}: skipped, {rows.Length} samples is fewer than {o.MinimumSamples}");
                    progress.Skip(meter, states.LayerCount);
                    continue;
                }
                var answers = rows.Select(r => states.Samples[r].Answer).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                int[] classes = rows.Select(r => answers.IndexOf(states.Samples[r].Answer)).ToArray();
                var sources = new LayerSources(group.Key, states, rows,
                    rows.Select(r => states.Target[r]).ToArray(), classes, answers.Count, [.. rows.Select(r => states.Samples[r].Id)]);
                double accuracy = states.Info.Accuracy.TryGetValue(group.Key, out var a) ? a.Fraction : rows.Count(r => states.Samples[r].Correct) / (double)rows.Length;
                progress.Log($"{group.Key} {condition}: {rows.Length} samples, capture accuracy {accuracy:P1}");
                LayerEstimation.Run(sources, new LayerRun(device, states.Info.Model, condition, accuracy, o, records, stages, progress, meter, cancel));
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            partial = true;
            progress.Log($"interrupted: keeping the {records.Count} finished layer decompositions (marked partial)");
        }
        var options = SettingsOptions(o);
        string pooling = states.Info.Pooling.ToString().ToLowerInvariant();
        options["x1"] = $"{pooling} image-token state";
        options["x2"] = $"{pooling} question-token state";
        options["samples"] = states.Info.AllAnswers ? "all captured samples" : "correct answers of the capture";
        options["template"] = states.Info.Template;
        options["states"] = $"{states.Samples.Count} samples, {states.LayerCount} layers, d = {states.HiddenSize}, forward {states.Info.DType}";
        var settings = new RunSettings(options, new Dictionary<string, long> { ["bootstrap"] = o.Seed }, device.Description,
            new Dictionary<string, string> { ["pidgpu"] = typeof(StatesAnalysis).Assembly.GetName().Version?.ToString() ?? "?" },
            stages.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value, 3)), Partial: partial);
        return new RunResults(settings, records);
    }

    /// <summary>The estimation settings recorded in results.json.</summary>
    static Dictionary<string, string> SettingsOptions(LayerwiseOptions o)
    {
        bool discrete = o.Estimator == LayerEstimator.Discrete;
        bool answer = o.Target == LayerTarget.Answer;
        var options = new Dictionary<string, string>
        {
            ["estimator"] = discrete ? "discrete broja" : "gaussian mmi", ["pca"] = o.Pca.ToString(), ["bootstrap"] = o.Bootstrap.ToString(),
            ["target"] = answer ? "answer" : "logit",
            ["y"] = answer ? "gold answer's rank among the task's distinct gold answers (ordinal order)" : "gold answer logit, last position",
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
}

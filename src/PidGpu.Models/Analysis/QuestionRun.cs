using System.Diagnostics;
using PidGpu.Capture;
using PidGpu.Device;
using PidGpu.Inputs.Scenes;
using PidGpu.Inputs.Text;
using PidGpu.Models.Capture;
using PidGpu.Models.Llava;
using PidGpu.Progress;
using PidGpu.Report;

namespace PidGpu.Models.Analysis;

/// <summary>
/// The model-side run, the one route of <c>analyze</c>, <c>knockout</c> and <c>demo</c>: the questions (a file, or the scene tasks
/// written as one), the intact forward pass and one per knockout window into a scratch capture in the run folder, then
/// <see cref="StatesAnalysis"/> per condition, one layer in memory at a time, merged into one run with its stage times; or, from a
/// capture (<see cref="CapturedStatesSource"/>), the estimation alone. The samples are the intact pass's kept answers, under every
/// condition. Each finished layer is saved in the run folder's checkpoint (<see cref="RunCheckpointFile"/>), and a resumed run takes
/// the finished ones from it. Progress, skipped samples and each task's accuracy go to the progress sink; the caller saves the
/// returned run, then removes the checkpoint (<see cref="RunCheckpointFile.Complete"/>).
/// </summary>
public static class QuestionRun
{
    /// <summary>Where the run keeps its capture inside the run folder while it runs (removed at the end).</summary>
    public const string CaptureFolder = ".capture";

    /// <summary>Where a scene run writes its question set inside the run folder while it runs (removed at the end).</summary>
    public const string ScenesFolder = ".scenes";

    /// <summary>The run; a cancellation during estimation returns the finished layers (<c>Partial</c>).</summary>
    /// <exception cref="OperationCanceledException">Cancelled during the forward passes: nothing was estimated, nothing is left behind.</exception>
    /// <exception cref="PidInputException">A bad model directory, question set, capture, knockout window, sample or checkpoint.</exception>
    public static RunResults Execute(QuestionRunRequest request, IProgressSink? sink = null, CancellationToken cancel = default)
    {
        sink ??= IProgressSink.None;
        if (request.Questions is CapturedStatesSource captured) return FromStates(request, captured, sink, cancel);
        // A resume under other settings is refused before any forward pass; the checkpoint is read again when estimation starts.
        Checkpoint(request, IProgressSink.None);
        var clock = Stopwatch.StartNew();
        using var directory = LlavaModelDirectory.Open(request.Model);
        int blocks = directory.Config.Text.NumHiddenLayers;
        var windows = request.Knockouts is null ? [] : request.Knockouts.Count == 0 ? [(0, blocks - 1)] : request.Knockouts;
        CheckWindows(windows, blocks);
        if (request.Questions is SceneTaskSource scenes) return WithScenes(request, scenes, directory, windows, clock, sink, cancel);
        return Run(request, Read((QuestionFileSource)request.Questions), directory, windows, clock, sink, cancel);
    }

    /// <summary>The run's layer checkpoint in its run folder (the earlier layers when resuming), or null when it keeps none.</summary>
    static LayerCheckpoint? Checkpoint(QuestionRunRequest request, IProgressSink sink) =>
        request.CheckpointSettings is { } settings && !string.IsNullOrWhiteSpace(request.RunFolder)
            ? RunCheckpointFile.Open(request.RunFolder, settings, request.Resume, sink)
            : null;

    /// <summary>The estimation from a capture: no model, no forward pass, the intact condition only.</summary>
    static RunResults FromStates(QuestionRunRequest request, CapturedStatesSource captured, IProgressSink sink, CancellationToken cancel)
    {
        if (request.Knockouts is not null)
            throw new PidInputException("knockouts need forward passes; captured states hold the intact condition only.")
            {
                Setting = nameof(QuestionRunRequest.Knockouts),
            };
        using var states = CapturedStates.Load(captured.Folder);
        var estimation = request.Estimation with { Checkpoint = Checkpoint(request, sink) };
        using var device = PidDevice.Create(request.Device);
        sink.Log($"device: {device.Description}");
        return StatesAnalysis.Run(device, states, estimation, captured.Tasks, new RunProgress(sink), cancel);
    }

    /// <summary>Refuses a window past the model's decoder blocks.</summary>
    public static void CheckWindows(IReadOnlyList<(int First, int Last)> windows, int blocks)
    {
        foreach (var (first, last) in windows)
            if (last >= blocks) throw new PidInputException($"knockout window {first}-{last} is outside the model's decoder blocks 0-{blocks - 1}.");
    }

    static RunResults WithScenes(QuestionRunRequest request, SceneTaskSource scenes, LlavaModelDirectory directory,
        IReadOnlyList<(int First, int Last)> windows, Stopwatch clock, IProgressSink sink, CancellationToken cancel)
    {
        // One sample per forward pass: the tiny model's operations are too small for LibTorch's intra-op threads to pay, and on a
        // busy machine their barriers wait for descheduled threads (30 questions: 0.7 s on one thread, 54 s on two at load 38).
        // The states are the same bits either way (checked on 40 scenes, layers 0-4); the count is put back afterwards.
        int threads = TorchSharp.torch.get_num_threads();
        using var folder = new ScratchFolder(request.RunFolder, ScenesFolder);
        TorchSharp.torch.set_num_threads(1);
        try
        {
            string file = SceneQuestionSet.Write(folder.Path, scenes.Tasks, scenes.Samples, scenes.Seed);
            sink.Log($"scenes: {scenes.Tasks.Count} tasks x {scenes.Samples} questions in {file}");
            return Run(request, Read(new QuestionFileSource(file, PerTask: scenes.PerTask)), directory, windows, clock, sink, cancel);
        }
        finally
        {
            TorchSharp.torch.set_num_threads(threads);
        }
    }

    /// <summary>The questions of the requested tasks, the first <see cref="QuestionSource.PerTask"/> of each, in file order.</summary>
    public static List<QuestionSample> Read(QuestionFileSource source)
    {
        if (source.PerTask < 0)
            throw new PidInputException($"questions per task must be >= 0, got {source.PerTask}.")
            {
                Setting = nameof(QuestionSource.PerTask), Problem = $"must be >= 0, got {source.PerTask}.",
            };
        var samples = QuestionFile.Read(source.Path, source.Images, source.Tasks);
        if (source.PerTask == 0) return samples;
        var taken = new Dictionary<string, int>(StringComparer.Ordinal);
        return samples.Where(s => (taken[s.Task] = taken.GetValueOrDefault(s.Task) + 1) <= source.PerTask).ToList();
    }

    static RunResults Run(QuestionRunRequest request, List<QuestionSample> questions, LlavaModelDirectory directory,
        IReadOnlyList<(int First, int Last)> windows, Stopwatch clock, IProgressSink sink, CancellationToken cancel)
    {
        using var model = directory.LoadModel(request.Forward.ForwardDType, request.Forward.TorchDevice);
        var progress = new RunProgress(sink);
        var meter = progress.Define("forward", "samples", questions.Count);
        var faults = new SampleFaults(request.Forward.Strict);
        // The conditions' states go to disk in the run folder as they come and are read back one layer at a time.
        using var scratch = new ScratchFolder(request.RunFolder, CaptureFolder);
        var conditions = QuestionCapture.RunConditions(model, directory, questions, new QuestionCaptureOptions
        {
            Pooling = request.Forward.Pooling, AllAnswers = request.Forward.AllAnswers, DType = request.Forward.DType,
            Template = PromptTemplates.Resolve(request.Forward.Template, directory),
            Folder = scratch.Path,
            Knockouts = windows.Select(w => (IReadOnlyCollection<int>)Enumerable.Range(w.First, w.Last - w.First + 1).ToArray()).ToList(),
            OnSample = seconds => progress.Advance(meter, 1, seconds),
            Cancellation = cancel,
        }, faults);
        try
        {
            if (faults.Summary() is { } skipped) sink.Log(skipped);
            string[] labels = [Conditions.Intact, .. windows.Select(w => Conditions.Knockout(w.First, w.Last))];
            LogAccuracy(conditions, labels, sink);
            double forwardSeconds = clock.Elapsed.TotalSeconds;
            // Finished layers of an interrupted run are taken from its checkpoint; the forward passes run again.
            var checkpoint = Checkpoint(request, sink);
            using var device = PidDevice.Create(request.Device);
            sink.Log($"device: {device.Description}");
            var runs = new List<RunResults>();
            for (int c = 0; c < conditions.Count && !runs.Any(r => r.Settings.Partial); c++)
            {
                var earlier = runs.SelectMany(r => r.Records).ToList();
                runs.Add(StatesAnalysis.Run(device, conditions[c], request.Estimation with { Checkpoint = checkpoint?.After(earlier) }, null,
                    new RunProgress(sink), cancel, labels[c]));
            }
            return Merge(runs, forwardSeconds, windows);
        }
        finally
        {
            foreach (var c in conditions) c.Dispose();
        }
    }

    /// <summary>Each task's accuracy under each condition, and how many samples are analysed.</summary>
    static void LogAccuracy(IReadOnlyList<CapturedStates> conditions, string[] labels, IProgressSink sink)
    {
        var intact = conditions[0];
        foreach (var (task, a) in intact.Info.Accuracy)
        {
            int kept = intact.Samples.Count(s => s.Task == task);
            sink.Log(conditions.Count == 1
                ? $"{task}: accuracy {a.Fraction:P1} ({a.Correct} of {a.Samples}), {kept} samples kept"
                : $"{task}: accuracy " + string.Join(", ", labels.Select((label, c) => $"{label} {conditions[c].Info.Accuracy[task].Fraction:P1}")) +
                  $"; {kept} samples answered correctly intact are analysed under every condition");
        }
    }

    /// <summary>One run of all conditions: the records in condition order, stage times summed, partial if any part was.</summary>
    static RunResults Merge(List<RunResults> runs, double forwardSeconds, IReadOnlyList<(int First, int Last)> windows)
    {
        var stages = StatesAnalysis.Stages.ToDictionary(s => s, s => Math.Round(runs.Sum(r => r.Settings.StageSeconds.GetValueOrDefault(s)), 3));
        stages["forward"] = Math.Round(forwardSeconds, 3);
        var settings = runs[0].Settings with { StageSeconds = stages, Partial = runs.Any(r => r.Settings.Partial) };
        if (windows.Count == 0) return new RunResults(settings, runs[0].Records);
        var options = runs[0].Settings.Options.ToDictionary(kv => kv.Key, kv => kv.Value);
        options["samples"] = "correct answers of the intact pass, under every condition";
        options["knockout"] = "image->question: question-token queries cannot attend to image-token keys (all heads) in blocks " +
            string.Join(", ", windows.Select(w => $"{w.First}-{w.Last}"));
        return new RunResults(settings with { Options = options }, runs.SelectMany(r => r.Records).ToList());
    }
}

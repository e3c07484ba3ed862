using System.Diagnostics;
using PidGpu.Report;
using PidGpu.Device;
using PidGpu.Models.Analysis;
using PidGpu.Models.Capture;
using PidGpu.Models.Llava;
using PidGpu.Inputs.Text;
using PidGpu.Progress;

namespace PidGpu.Cli;

/// <summary>
/// <c>pidgpu knockout --model DIR --data QUESTIONS [--layers WINDOWS]</c>: the paper's Image→Question knockout on a Hugging Face
/// LLaVA checkpoint. Each question runs intact, then once per window with every attention logit from a question-token query to
/// an image-token key at −∞ (all heads, the window's decoder blocks; default all blocks). The samples are the intact pass's
/// correct answers, under every condition; PID is recomputed on them as <c>analyze --states</c> does, and the run reports
/// ΔC% and Dep at the decision layer with each task's accuracy before and after (over every question that ran).
/// </summary>
internal static class KnockoutQuestionsCommand
{
    /// <param name="layers">The windows as text (<c>--layers</c>, or <c>analyze --knockout</c> on the scene tasks); null = all blocks.</param>
    public static int Run(LayerRunOptions o, string? layers, TextWriter stdout, TextWriter stderr, CancellationToken cancel)
    {
        if (string.IsNullOrWhiteSpace(o.Model)) throw new PidInputException("--data needs --model DIR (a Hugging Face LLaVA directory).");
        var estimation = AnalyzeCommand.Options(o); // bad estimation options fail before the forward passes
        var capture = QuestionInput.Capture(o, "correct");
        AnalyzeResume.Check(o);
        CaptureCommand.Settings(capture, null); // bad option values fail before the directory is read
        var dtype = TorchOptionValues.ForwardDType(o.DType);
        var torchDevice = TorchOptionValues.TorchDevice(o.TorchDevice);
        var kind = OptionValues.Device(o.Device);
        var clock = Stopwatch.StartNew();
        using var directory = LlavaModelDirectory.Open(o.Model);
        var settings = CaptureCommand.Settings(capture, directory);
        int blocks = directory.Config.Text.NumHiddenLayers;
        var windows = AnalyzeCommand.Windows(layers ?? $"0-{blocks - 1}");
        SceneRun.CheckWindows(windows, blocks);
        var questions = QuestionInput.Read(capture);
        using var model = directory.LoadModel(dtype, torchDevice);

        var console = ConsoleProgress.For(stderr);
        var progress = new RunProgress(console);
        var meter = progress.Define("forward", "samples", questions.Count);
        var faults = new SampleFaults(o.Strict);
        // The conditions' states go to disk in the run folder as they come and are read back one layer at a time.
        using var scratch = new ScratchFolder(o.Out, AnalyzeStatesCommand.CaptureFolder);
        IReadOnlyList<CapturedStates> conditions;
        try
        {
            conditions = QuestionCapture.RunConditions(model, directory, questions, settings with
            {
                Folder = scratch.Path,
                Knockouts = windows.Select(w => (IReadOnlyCollection<int>)Enumerable.Range(w.First, w.Last - w.First + 1).ToArray()).ToList(),
                OnSample = seconds => progress.Advance(meter, 1, seconds),
                Cancellation = cancel,
            }, faults);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            console.EndLine();
            stderr.WriteLine($"interrupted during the forward passes, before any layer was estimated; nothing written to {o.Out}.");
            return ExitCodes.Interrupted;
        }
        console.EndLine();
        if (faults.Summary() is { } skipped) stderr.WriteLine(skipped);
        string[] labels = [Conditions.Intact, .. windows.Select(w => Conditions.Knockout(w.First, w.Last))];
        foreach (var task in conditions[0].Info.Accuracy.Keys)
            stderr.WriteLine($"{task}: accuracy " + string.Join(", ", labels.Select((label, c) => $"{label} {conditions[c].Info.Accuracy[task].Fraction:P1}")) +
                $"; {conditions[0].Samples.Count(s => s.Task == task)} samples answered correctly intact are analysed under every condition");
        double forwardSeconds = clock.Elapsed.TotalSeconds;

        // Finished layers of an interrupted run are taken from its checkpoint; the forward passes run again.
        var checkpoint = AnalyzeResume.WithCheckpoint(estimation, o, stderr).Checkpoint;
        using var device = PidDevice.Create(kind);
        stderr.WriteLine($"device: {device.Description}");
        var runs = new List<RunResults>();
        try
        {
            for (int c = 0; c < conditions.Count && !runs.Any(r => r.Settings.Partial); c++)
            {
                var earlier = runs.SelectMany(r => r.Records).ToList();
                runs.Add(StatesAnalysis.Run(device, conditions[c], estimation with { Checkpoint = checkpoint?.After(earlier) }, null,
                    new RunProgress(console), cancel, labels[c]));
            }
        }
        finally
        {
            foreach (var c in conditions) c.Dispose();
        }
        return AnalyzeCommand.Finish(Merge(runs, forwardSeconds, windows), o.Out, console, stdout, stderr,
            $"no task of {o.Data} has {estimation.MinimumSamples} correctly answered samples to analyse; use more questions.");
    }

    /// <summary>One run of all conditions: the records in condition order, stage times summed, partial if any part was.</summary>
    static RunResults Merge(List<RunResults> runs, double forwardSeconds, IReadOnlyList<(int First, int Last)> windows)
    {
        var stages = StatesAnalysis.Stages.ToDictionary(s => s, s => Math.Round(runs.Sum(r => r.Settings.StageSeconds.GetValueOrDefault(s)), 3));
        stages["forward"] = Math.Round(forwardSeconds, 3);
        var options = runs[0].Settings.Options.ToDictionary(kv => kv.Key, kv => kv.Value);
        options["samples"] = "correct answers of the intact pass, under every condition";
        options["knockout"] = "image->question: question-token queries cannot attend to image-token keys (all heads) in blocks " +
            string.Join(", ", windows.Select(w => $"{w.First}-{w.Last}"));
        var settings = runs[0].Settings with { Options = options, StageSeconds = stages, Partial = runs.Any(r => r.Settings.Partial) };
        return new RunResults(settings, runs.SelectMany(r => r.Records).ToList());
    }
}

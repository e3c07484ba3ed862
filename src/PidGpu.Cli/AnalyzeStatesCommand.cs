using PidGpu.Device;
using PidGpu.Models.Analysis;
using PidGpu.Models.Capture;
using PidGpu.Progress;

namespace PidGpu.Cli;

/// <summary><c>pidgpu analyze --states STATES_DIR</c>: the layer-wise estimation from a capture, with no model and no forward pass.</summary>
internal static class AnalyzeStatesCommand
{
    public static int Run(AnalyzeOptions o, TextWriter stdout, TextWriter stderr, CancellationToken cancel)
    {
        if (!string.IsNullOrWhiteSpace(o.Model) || o.Data is not null)
            throw new PidInputException("give either --model (a forward pass) or --states (a capture), not both.");
        if (o.Template is not null)
            throw new PidInputException("--template applies to forward passes (--data); a capture's prompt was fixed when it ran and is recorded in its states.");
        using var states = CapturedStates.Load(o.States!);
        return Estimate(o, states, 0, o.States!, stdout, stderr, cancel);
    }

    /// <summary>Where <c>analyze --data</c> keeps its capture inside the run folder while it runs (removed at the end).</summary>
    public const string CaptureFolder = ".capture";

    /// <summary><c>analyze --model DIR --data QUESTIONS</c>: <c>capture</c> into <see cref="CaptureFolder"/>, then the same estimation as
    /// from its files (<c>--states</c>), one layer in memory at a time.</summary>
    public static int RunQuestions(AnalyzeOptions o, TextWriter stdout, TextWriter stderr, CancellationToken cancel)
    {
        if (string.IsNullOrWhiteSpace(o.Model)) throw new PidInputException("--data needs --model DIR (a Hugging Face LLaVA directory).");
        CheckNoKnockout(o);
        var capture = QuestionInput.Capture(o, o.Answers);
        AnalyzeCommand.Options(o); // bad estimation options fail before the forward passes
        AnalyzeResume.Check(o);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var scratch = new ScratchFolder(o.Out, CaptureFolder);
        CapturedStates states;
        try
        {
            states = CaptureCommand.Capture(capture, scratch.Path, stderr, cancel);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // No layer has been estimated yet, so there is nothing partial to keep.
            stderr.WriteLine($"interrupted: analyze stopped during the forward passes; nothing written to {o.Out}.");
            return ExitCodes.Interrupted;
        }
        using (states) return Estimate(o, states, clock.Elapsed.TotalSeconds, o.Data!, stdout, stderr, cancel);
    }

    static int Estimate(AnalyzeOptions o, CapturedStates states, double forwardSeconds, string source, TextWriter stdout, TextWriter stderr,
        CancellationToken cancel)
    {
        CheckNoKnockout(o);
        var options = AnalyzeResume.WithCheckpoint(AnalyzeCommand.Options(o), o, stderr);
        var kind = OptionValues.Device(o.Device);
        TorchOptionValues.TorchDevice(o.TorchDevice); // --states runs no forward pass, but a bad value is still an error
        // A capture from --data already holds only the requested tasks.
        var tasks = o.Data is not null || o.Tasks.Trim().Equals("all", StringComparison.OrdinalIgnoreCase) ? null
            : o.Tasks.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        using var device = PidDevice.Create(kind);
        stderr.WriteLine($"device: {device.Description}");
        var console = ConsoleProgress.For(stderr);
        var run = StatesAnalysis.Run(device, states, options, tasks, new RunProgress(console), cancel);
        var stages = run.Settings.StageSeconds.ToDictionary(kv => kv.Key, kv => kv.Value);
        stages["forward"] = Math.Round(forwardSeconds, 3);
        run = run with { Settings = run.Settings with { StageSeconds = stages } };
        return AnalyzeCommand.Finish(run, o.Out, console, stdout, stderr,
            $"no task of {source} has {options.MinimumSamples} samples to analyse; use more samples (or --answers all).");
    }

    static void CheckNoKnockout(AnalyzeOptions o)
    {
        if (o.Knockout is not null)
            throw new PidInputException("--knockout runs on the scene models only (analyze --model DIR without --data or --states); " +
                "for a question set run pidgpu knockout --model DIR --data QUESTIONS [--layers WINDOWS].");
    }
}

using PidGpu.Models.Capture;
using PidGpu.Models.Llava;
using PidGpu.Models.Text;

namespace PidGpu.Cli;

/// <summary><c>pidgpu capture</c>: forward passes over a question set, pooled layer states and answer logits saved for <c>analyze --states</c>.</summary>
internal static class CaptureCommand
{
    public static int Run(CaptureOptions o, TextWriter stdout, TextWriter stderr, CancellationToken cancel = default)
    {
        CapturedStates states;
        try { states = Capture(o, stderr, cancel); }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            stderr.WriteLine($"interrupted: capture stopped; no states written. {CaptureResume.Interrupted(o.Out)}");
            return ExitCodes.Interrupted;
        }
        states.Save(o.Out);
        CaptureResume.Complete(o.Out);
        stdout.WriteLine($"{states.Samples.Count} samples x {states.LayerCount} layers x {states.HiddenSize} in " +
            $"{Path.Combine(o.Out, CapturedStates.StatesFile)} (+ {CapturedStates.SamplesFile})");
        return ExitCodes.Success;
    }

    /// <summary>The capture itself, in memory, with progress, skipped samples and per-task accuracy on stderr.</summary>
    public static CapturedStates Capture(CaptureOptions o, TextWriter stderr, CancellationToken cancel)
    {
        var settings = Settings(o);
        var dtype = OptionValues.ForwardDType(o.DType);
        var torchDevice = OptionValues.TorchDevice(o.TorchDevice);
        using var directory = LlavaModelDirectory.Open(o.Model);
        var questions = QuestionInput.Read(o);
        using var model = directory.LoadModel(dtype, torchDevice);
        var console = ConsoleProgress.For(stderr);
        var progress = new PidGpu.Progress.RunProgress(console);
        var meter = progress.Define("forward", "samples", questions.Count);
        var faults = new SampleFaults(o.Strict);
        var states = QuestionCapture.Run(model, directory, questions,
            settings with { OnSample = seconds => progress.Advance(meter, 1, seconds), Cancellation = cancel, Checkpoint = CaptureResume.Open(o, stderr) },
            faults);
        console.EndLine();
        if (faults.Summary() is { } skipped) stderr.WriteLine(skipped);
        foreach (var (task, a) in states.Info.Accuracy)
            stderr.WriteLine($"{task}: accuracy {a.Fraction:P1} ({a.Correct} of {a.Samples}), {states.Samples.Count(s => s.Task == task)} samples kept");
        return states;
    }

    internal static QuestionCaptureOptions Settings(CaptureOptions o) => new()
    {
        Pooling = o.Pooling.Trim().ToLowerInvariant() switch
        {
            "mean" => RegionPooling.Mean,
            "max" => RegionPooling.Max,
            _ => throw new PidInputException($"--pooling '{o.Pooling}' is not one of mean, max."),
        },
        AllAnswers = o.Answers.Trim().ToLowerInvariant() switch
        {
            "correct" => false,
            "all" => true,
            _ => throw new PidInputException($"--answers '{o.Answers}' is not one of correct, all."),
        },
        Template = QuestionInput.Template(o.Template),
        DType = o.DType.Trim().ToLowerInvariant(),
    };
}

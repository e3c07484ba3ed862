using PidGpu.Models.Capture;
using PidGpu.Models.Llava;
using PidGpu.Inputs.Text;

namespace PidGpu.Cli;

/// <summary><c>pidgpu capture</c>: forward passes over a question set, pooled layer states and answer logits saved for <c>analyze --states</c>.</summary>
internal static class CaptureCommand
{
    public static int Run(CaptureOptions o, TextWriter stdout, TextWriter stderr, CancellationToken cancel = default)
    {
        bool made = !Directory.Exists(o.Out);
        CapturedStates states;
        try { states = Capture(o, o.Out, stderr, cancel); }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            stderr.WriteLine($"interrupted: capture stopped; no states written. {CaptureResume.Interrupted(o.Out)}");
            CaptureResume.Abandon(o.Out, made);
            return ExitCodes.Interrupted;
        }
        catch
        {
            CaptureResume.Abandon(o.Out, made);
            throw;
        }
        using var _ = states;
        CaptureResume.Complete(o.Out);
        stdout.WriteLine($"{states.Samples.Count} samples x {states.LayerCount} layers x {states.HiddenSize} in " +
            $"{Path.Combine(o.Out, CapturedStates.StatesFile)} (+ {CapturedStates.SamplesFile})");
        return ExitCodes.Success;
    }

    /// <summary>The capture itself, with progress, skipped samples and per-task accuracy on stderr: the states are written into
    /// <paramref name="folder"/> (each sample spilled to disk as it comes) and opened from there.</summary>
    public static CapturedStates Capture(CaptureOptions o, string folder, TextWriter stderr, CancellationToken cancel)
    {
        Settings(o, null); // bad option values fail before the directory is read
        var dtype = TorchOptionValues.ForwardDType(o.DType);
        var torchDevice = TorchOptionValues.TorchDevice(o.TorchDevice);
        using var directory = LlavaModelDirectory.Open(o.Model);
        var settings = Settings(o, directory);
        var questions = QuestionInput.Read(o);
        using var model = directory.LoadModel(dtype, torchDevice);
        var console = ConsoleProgress.For(stderr);
        var progress = new PidGpu.Progress.RunProgress(console);
        var meter = progress.Define("forward", "samples", questions.Count);
        var faults = new SampleFaults(o.Strict);
        var states = QuestionCapture.Run(model, directory, questions,
            settings with
            {
                OnSample = seconds => progress.Advance(meter, 1, seconds), Cancellation = cancel, Checkpoint = CaptureResume.Open(o, stderr), Folder = folder,
            },
            faults);
        console.EndLine();
        if (faults.Summary() is { } skipped) stderr.WriteLine(skipped);
        foreach (var (task, a) in states.Info.Accuracy)
            stderr.WriteLine($"{task}: accuracy {a.Fraction:P1} ({a.Correct} of {a.Samples}), {states.Samples.Count(s => s.Task == task)} samples kept");
        return states;
    }

    /// <summary>The capture settings; the prompt template is the model's default unless --template names one (checked without a model).</summary>
    internal static QuestionCaptureOptions Settings(CaptureOptions o, LlavaModelDirectory? model) => new()
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
        Template = model is null ? QuestionInput.Template(o.Template ?? QuestionInput.DefaultTemplate) : QuestionInput.Template(o.Template, model),
        DType = o.DType.Trim().ToLowerInvariant(),
    };
}

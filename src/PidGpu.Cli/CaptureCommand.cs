using PidGpu.Models.Capture;

namespace PidGpu.Cli;

/// <summary><c>pidgpu capture</c>: the options turned into one <see cref="CaptureRequest"/> (errors in flag names), <see cref="CaptureRun.Execute"/>
/// (pooled layer states and answer logits saved for <c>analyze --states</c>), and what it left, in words.</summary>
internal static class CaptureCommand
{
    public static int Run(CaptureOptions o, TextWriter stdout, TextWriter stderr, CancellationToken cancel = default)
    {
        var request = Request(o);
        var console = ConsoleProgress.For(stderr);
        using var outcome = CaptureRun.Execute(request, console, cancel);
        console.EndLine();
        if (outcome.States is not { } states)
        {
            stderr.WriteLine("interrupted: capture stopped; no states written. " + (outcome.CheckpointKept
                ? $"The checkpoint in {o.Out} keeps the finished questions: run again with --resume to continue."
                : "No checkpoint was reached yet."));
            return ExitCodes.Interrupted;
        }
        stdout.WriteLine($"{states.Samples.Count} samples x {states.LayerCount} layers x {states.HiddenSize} in " +
            $"{Path.Combine(o.Out, CapturedStates.StatesFile)} (+ {CapturedStates.SamplesFile})");
        return ExitCodes.Success;
    }

    /// <summary>The request of <paramref name="o"/>; every option value is checked before any model file is read.</summary>
    internal static CaptureRequest Request(CaptureOptions o) => new()
    {
        Model = o.Model, Questions = QuestionInput.Source(o), Folder = o.Out, Forward = QuestionInput.Forward(o),
        CheckpointSettings = CheckpointOptions.Settings(o), Resume = o.Resume, CheckpointEvery = o.CheckpointEvery,
    };
}

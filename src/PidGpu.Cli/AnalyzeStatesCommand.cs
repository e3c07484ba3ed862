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
        if (o.Knockout is not null)
            throw new PidInputException(QuestionRunRequests.KnockoutNeedsScenes);
        using var states = CapturedStates.Load(o.States!);
        var options = AnalyzeResume.WithCheckpoint(AnalyzeCommand.Options(o), o, stderr);
        var kind = OptionValues.Device(o.Device);
        TorchOptionValues.TorchDevice(o.TorchDevice); // --states runs no forward pass, but a bad value is still an error
        var tasks = o.Tasks.Trim().Equals("all", StringComparison.OrdinalIgnoreCase) ? null
            : o.Tasks.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        using var device = PidDevice.Create(kind);
        stderr.WriteLine($"device: {device.Description}");
        var console = ConsoleProgress.For(stderr);
        var run = StatesAnalysis.Run(device, states, options, tasks, new RunProgress(console), cancel);
        return RunFolderOutput.Finish(run, o.Out, console, stdout, stderr,
            $"no task of {o.States} has {options.MinimumSamples} samples to analyse; use more samples (or --answers all).");
    }
}

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
        if (!string.IsNullOrWhiteSpace(o.Model))
            throw new PidInputException("give either --model (a forward pass) or --states (a capture), not both.");
        if (o.Knockout is not null)
            throw new PidInputException("--knockout needs --model: a capture holds the intact model's states only.");
        var options = AnalyzeCommand.Options(o, null);
        var kind = OptionValues.Device(o.Device);
        var tasks = o.Tasks.Trim().Equals("all", StringComparison.OrdinalIgnoreCase) ? null
            : o.Tasks.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var states = CapturedStates.Load(o.States!);
        using var device = PidDevice.Create(kind);
        stderr.WriteLine($"device: {device.Description}");
        var console = ConsoleProgress.For(stderr);
        var run = StatesAnalysis.Run(device, states, options, tasks, new RunProgress(console), cancel);
        return AnalyzeCommand.Finish(run, o.Out, console, stdout, stderr,
            $"no task of {o.States} has {options.MinimumSamples} samples to analyse; capture more (or with --answers all).");
    }
}

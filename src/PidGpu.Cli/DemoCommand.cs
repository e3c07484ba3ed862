using PidGpu.Models.Analysis;
using PidGpu.Progress;

namespace PidGpu.Cli;

/// <summary>
/// <c>pidgpu demo</c>: the README's main job. Analyses the tiny scene VLM on all tasks, intact and with the Image→Question
/// knockout in the first half of the decoder blocks and in all of them (the paper knocks out all layers), then writes
/// the run and its plots. The model is trained first when missing.
/// </summary>
internal static class DemoCommand
{
    public static int Run(DemoOptions o, TextWriter stdout, TextWriter stderr, CancellationToken cancel = default)
    {
        var torchDevice = TorchOptionValues.TorchDevice(o.TorchDevice); // before any training or forward pass
        AnalyzeCommand.CheckSamples(o.Samples);
        var options = AnalyzeResume.WithCheckpoint(new LayerwiseOptions { SamplesPerTask = o.Samples }, o, o.Out, resume: false, stderr);
        var request = new LayerwiseRequest(o.Model, options)
        {
            Device = OptionValues.Device(o.Device), TorchDevice = torchDevice, TrainWhenMissing = true, KnockoutsForBlocks = LayerwiseRun.HalfAndAllBlocks,
        };
        var console = ConsoleProgress.For(stderr);
        var run = LayerwiseRun.Execute(request, new RunProgress(console), cancel);
        int code = AnalyzeCommand.Finish(run, o.Out, console, stdout, stderr, "no task had enough correctly answered samples to analyse; raise --samples.");
        stdout.WriteLine();
        stdout.WriteLine($"demo: results in {o.Out}/ (results.json, layers.csv, summary.json); plots in {o.Out}/plots/ (PNG and SVG).");
        stdout.WriteLine($"demo: re-render with `pidgpu report {o.Out}`.");
        return code;
    }
}

using PidGpu.Models.Training;

namespace PidGpu.Cli;

/// <summary>
/// <c>pidgpu demo</c>: the README's main job. Analyses the tiny scene VLM on all tasks, intact and with the Image→Question
/// knockout in the first half of the decoder blocks and in all of them (the paper knocks out all layers), then writes
/// the run and its plots.
/// </summary>
internal static class DemoCommand
{
    public static int Run(DemoOptions o, TextWriter stdout, TextWriter stderr, CancellationToken cancel = default)
    {
        var torchDevice = OptionValues.TorchDevice(o.TorchDevice); // before any training or forward pass
        if (!File.Exists(Path.Combine(o.Model, "config.json")))
        {
            stderr.WriteLine($"demo: no model in {o.Model}; training the tiny scene VLM there (pidgpu train-tiny --out {o.Model})");
            TinyVlmTrainer.Train(new TinyVlmOptions { Device = torchDevice }, o.Model, line => stderr.WriteLine(line));
        }
        int blocks;
        using (var vlm = TinyVlm.Load(o.Model)) blocks = vlm.Model.Config.Text.NumHiddenLayers;
        string windows = blocks > 1 ? $"0-{blocks / 2 - 1},0-{blocks - 1}" : "0-0";
        var options = new KnockoutOptions { Model = o.Model, Out = o.Out, Samples = o.Samples, Device = o.Device, Layers = windows, TorchDevice = o.TorchDevice };
        int code = AnalyzeCommand.Run(options, windows, stdout, stderr, cancel);
        stdout.WriteLine();
        stdout.WriteLine($"demo: results in {o.Out}/ (results.json, layers.csv, summary.json); plots in {o.Out}/plots/ (PNG and SVG).");
        stdout.WriteLine($"demo: re-render with `pidgpu report {o.Out}`.");
        return code;
    }
}

using CommandLine;

namespace PidGpu.Cli;

[Verb("demo", HelpText = "The built-in demo: layer-wise PID of the project's tiny scene VLM on its 10 tasks, intact and with " +
    "Image->Question knockouts, with plots. Trains the model first when models/tiny-vlm is not there.")]
public sealed class DemoOptions : IExtraArguments
{
    /// <summary>Positional arguments the verb does not take; rejected by <see cref="CliApp"/>.</summary>
    [Value(0, Hidden = true)]
    public IEnumerable<string> Extra { get; set; } = [];

    [Option("model", Default = "models/tiny-vlm", MetaValue = "DIR", HelpText = "The scene VLM; trained here (a few minutes) when missing.")]
    public string Model { get; set; } = "models/tiny-vlm";

    [Option("out", Default = "out/demo-run", MetaValue = "RUN_DIR", HelpText = "Where results.json, layers.csv, summary.json and plots/ go.")]
    public string Out { get; set; } = "out/demo-run";

    [Option("samples", Default = 400, MetaValue = "N", HelpText = "Generated samples per task.")]
    public int Samples { get; set; } = 400;

    [Option("device", Default = "auto", MetaValue = "D", HelpText = "auto, cuda, opencl or cpu (the PID kernels).")]
    public string Device { get; set; } = "auto";

    [Option("torch-device", Default = "cpu", MetaValue = "D", HelpText = OptionValues.TorchDeviceHelp)]
    public string TorchDevice { get; set; } = "cpu";
}

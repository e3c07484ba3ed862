using PidGpu.Models.Analysis;
using PidGpu.Inputs.Scenes;
using PidGpu.Models.Llava;
using PidGpu.Models.Training;

namespace PidGpu.Cli;

/// <summary>
/// <c>pidgpu demo</c>: the README's main job, <c>pidgpu knockout --model DIR</c> on the tiny scene VLM, all tasks: the scene
/// tasks written as a question set and run through the question path that any LLaVA checkpoint takes (<see cref="QuestionRun"/>),
/// intact and with the paper's Image→Question knockout in the first half of the decoder blocks and in all of them (the paper
/// knocks out all layers), with the library's default estimation (8 PCA components); then the run and its plots. The model is
/// trained first when missing. The request is built here, not through another command's options.
/// </summary>
internal static class DemoCommand
{
    public static int Run(DemoOptions o, TextWriter stdout, TextWriter stderr, CancellationToken cancel = default)
    {
        var torchDevice = TorchOptionValues.TorchDevice(o.TorchDevice); // before any training or forward pass
        AnalyzeCommand.CheckSamples(o.Samples);
        var device = OptionValues.Device(o.Device);
        if (!File.Exists(Path.Combine(o.Model, "config.json")))
        {
            stderr.WriteLine($"no model in {o.Model}; training the tiny scene VLM there");
            TinyVlmTrainer.Train(new TinyVlmOptions { Device = torchDevice }, o.Model, stderr.WriteLine);
        }
        var request = new QuestionRunRequest
        {
            Model = o.Model, RunFolder = o.Out, Forward = new() { TorchDevice = torchDevice }, Device = device,
            Questions = new SceneTaskSource(Enum.GetValues<SceneTaskKind>(), o.Samples, PidDefaults.SceneSeed),
            Knockouts = HalfAndAllBlocks(LlavaConfig.Load(o.Model).Text.NumHiddenLayers),
            CheckpointSettings = CheckpointOptions.Settings(o),
        };
        int code = QuestionRunRequests.Run(request, QuestionRunRequests.SceneQuestions(o.Out), stdout, stderr, cancel);
        if (code is not (ExitCodes.Success or ExitCodes.Interrupted) || !File.Exists(Path.Combine(o.Out, PidGpu.Report.RunResults.ResultsFileName))) return code;
        stdout.WriteLine();
        stdout.WriteLine($"demo: results in {o.Out}/ (results.json, layers.csv, summary.json); plots in {o.Out}/plots/ (PNG and SVG).");
        stdout.WriteLine($"demo: re-render with `pidgpu report {o.Out}`.");
        return code;
    }

    /// <summary>The demo's windows: the first half of the decoder blocks and all of them (the paper knocks out all layers).</summary>
    public static IReadOnlyList<(int First, int Last)> HalfAndAllBlocks(int blocks) =>
        blocks > 1 ? [(0, blocks / 2 - 1), (0, blocks - 1)] : [(0, 0)];
}

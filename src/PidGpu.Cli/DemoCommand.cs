using PidGpu.Models.Analysis;
using PidGpu.Models.Llava;
using PidGpu.Inputs.Scenes;
using PidGpu.Models.Training;

namespace PidGpu.Cli;

/// <summary>
/// <c>pidgpu demo</c>: the README's main job, through the question path that any LLaVA checkpoint takes. Writes the scene
/// tasks as a question set (<c>pidgpu scenes</c>, into <see cref="ScenesFolder"/> of the run folder, removed at the end), then runs
/// <c>pidgpu knockout --model DIR --data QUESTIONS</c> on the tiny scene VLM with 8 PCA components: intact and with the paper's
/// Image→Question knockout in the first half of the decoder blocks and in all of them (the paper knocks out all layers), and
/// writes the run and its plots. The model is trained first when missing.
/// </summary>
internal static class DemoCommand
{
    /// <summary>Where the demo writes the scene question set inside the run folder while it runs.</summary>
    public const string ScenesFolder = ".scenes";

    /// <summary>The demo's PCA size: the tiny model's 96-dimensional states reduced to 8 components per source.</summary>
    public const string PcaComponents = "8";

    public static int Run(DemoOptions o, TextWriter stdout, TextWriter stderr, CancellationToken cancel = default)
    {
        var torchDevice = TorchOptionValues.TorchDevice(o.TorchDevice); // before any training or forward pass
        AnalyzeCommand.CheckSamples(o.Samples);
        OptionValues.Device(o.Device);
        if (!File.Exists(Path.Combine(o.Model, "config.json")))
        {
            stderr.WriteLine($"no model in {o.Model}; training the tiny scene VLM there");
            TinyVlmTrainer.Train(new TinyVlmOptions { Device = torchDevice }, o.Model, stderr.WriteLine);
        }
        var windows = LayerwiseRun.HalfAndAllBlocks(LlavaConfig.Load(o.Model).Text.NumHiddenLayers);
        // One sample per forward pass: the tiny model's operations are too small for LibTorch's intra-op threads to pay, and on a
        // busy machine their barriers wait for descheduled threads (30 questions: 0.7 s on one thread, 54 s on two at load 38).
        // The states are the same bits either way (checked on 40 scenes, layers 0-4); the count is put back afterwards.
        int threads = TorchSharp.torch.get_num_threads();
        TorchSharp.torch.set_num_threads(1);
        int code;
        using (var scenes = new ScratchFolder(o.Out, ScenesFolder))
        try
        {
            string questions = SceneQuestionSet.Write(scenes.Path, Enum.GetValues<SceneTaskKind>(), o.Samples, PidDefaults.SceneSeed);
            stderr.WriteLine($"scenes: {Enum.GetValues<SceneTaskKind>().Length} tasks x {o.Samples} questions in {questions}");
            code = KnockoutQuestionsCommand.Run(new KnockoutOptions
            {
                Model = o.Model, Data = questions, Out = o.Out, Device = o.Device, TorchDevice = o.TorchDevice, Pca = PcaComponents,
                Layers = string.Join(",", windows.Select(w => $"{w.First}-{w.Last}")),
            }, stdout, stderr, cancel);
        }
        finally
        {
            TorchSharp.torch.set_num_threads(threads);
        }
        if (code is not (ExitCodes.Success or ExitCodes.Interrupted) || !File.Exists(Path.Combine(o.Out, PidGpu.Report.RunResults.ResultsFileName))) return code;
        stdout.WriteLine();
        stdout.WriteLine($"demo: results in {o.Out}/ (results.json, layers.csv, summary.json); plots in {o.Out}/plots/ (PNG and SVG).");
        stdout.WriteLine($"demo: re-render with `pidgpu report {o.Out}`.");
        return code;
    }
}

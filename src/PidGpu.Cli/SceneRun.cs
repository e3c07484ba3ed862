using PidGpu.Models.Llava;
using PidGpu.Inputs.Scenes;

namespace PidGpu.Cli;

/// <summary>
/// <c>analyze</c> and <c>knockout</c> with <c>--model DIR</c> and neither <c>--data</c> nor <c>--states</c>: the scene tasks run
/// through the question path that any LLaVA checkpoint takes. The tasks are written as a question set (<c>pidgpu scenes</c>'
/// generator: <c>--samples</c> per task, task t with seed <c>--seed</c> + t) into <see cref="ScenesFolder"/> of the run folder,
/// removed at the end, and the run is then <c>analyze --data</c> or <c>knockout --data</c> on that file, with 8 PCA components
/// unless <c>--pca</c> says otherwise. One code path: the same capture, knockout, checkpoint and estimation as any question set.
/// </summary>
internal static class SceneRun
{
    /// <summary>Where a scene run writes its question set inside the run folder while it runs.</summary>
    public const string ScenesFolder = ".scenes";

    /// <summary>The scene model's PCA size: its 96-dimensional states reduced to 8 components per source.</summary>
    public const string PcaComponents = "8";

    /// <param name="windows">Knockout windows (<c>knockout --layers</c>, <c>analyze --knockout</c>); null = the intact run only,
    /// and for <c>knockout</c> every decoder block.</param>
    public static int Run(LayerRunOptions o, string? windows, TextWriter stdout, TextWriter stderr, CancellationToken cancel)
    {
        if (o.Template is not null)
            throw new PidInputException("--template applies with --data (a question set); the scene models use their own prompt_template.");
        if (string.IsNullOrWhiteSpace(o.Model))
            throw new PidInputException(o is AnalyzeOptions ? "give --model DIR (a forward pass) or --states STATES_DIR (made by pidgpu capture)." : "--model DIR is required.");
        var tasks = AnalyzeCommand.Tasks(o.Tasks);
        // The question path's options for the written set; recorded (and compared on --resume) like any run's.
        o.Tasks = string.Join(",", tasks);
        o.Pca ??= PcaComponents;
        o.Data = Path.Combine(o.Out, ScenesFolder, SceneQuestionSet.QuestionsFile);
        AnalyzeCommand.Options(o); // bad estimation options fail before the model is read or any scene drawn
        OptionValues.Device(o.Device);
        TorchOptionValues.TorchDevice(o.TorchDevice);
        if (!Directory.Exists(o.Model)) throw new PidInputException($"--model {o.Model}: no such directory.");
        if (windows is not null) CheckWindows(AnalyzeCommand.Windows(windows), LlavaConfig.Load(o.Model).Text.NumHiddenLayers);
        AnalyzeResume.Check(o);
        // One sample per forward pass: the tiny model's operations are too small for LibTorch's intra-op threads to pay, and on a
        // busy machine their barriers wait for descheduled threads (30 questions: 0.7 s on one thread, 54 s on two at load 38).
        // The states are the same bits either way (checked on 40 scenes, layers 0-4); the count is put back afterwards.
        int threads = TorchSharp.torch.get_num_threads();
        using var scenes = new ScratchFolder(o.Out, ScenesFolder);
        TorchSharp.torch.set_num_threads(1);
        try
        {
            SceneQuestionSet.Write(scenes.Path, tasks, o.Samples, o.Seed);
            stderr.WriteLine($"scenes: {tasks.Count} tasks x {o.Samples} questions in {o.Data}");
            return o is AnalyzeOptions { Knockout: null } analyze
                ? AnalyzeStatesCommand.RunQuestions(analyze, stdout, stderr, cancel)
                : KnockoutQuestionsCommand.Run(o, windows, stdout, stderr, cancel);
        }
        finally
        {
            TorchSharp.torch.set_num_threads(threads);
        }
    }

    /// <summary>Refuses a window past the model's decoder blocks.</summary>
    public static void CheckWindows(IReadOnlyList<(int First, int Last)> windows, int blocks)
    {
        foreach (var (first, last) in windows)
            if (last >= blocks) throw new PidInputException($"knockout window {first}-{last} is outside the model's decoder blocks 0-{blocks - 1}.");
    }
}

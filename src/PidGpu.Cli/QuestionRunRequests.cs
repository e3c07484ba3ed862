using PidGpu.Models.Analysis;
using PidGpu.Inputs.Scenes;
using PidGpu.Report;

namespace PidGpu.Cli;

/// <summary>
/// <c>analyze</c> and <c>knockout</c>: the options turned into one <see cref="QuestionRunRequest"/> (errors in flag names),
/// <see cref="QuestionRun.Execute"/>, and the run folder written. With <c>analyze --states</c> the questions are a capture's; with
/// <c>--data</c> that set; without either the scene tasks (<c>--samples</c> per task, task t with seed <c>--seed</c> + t), written as a question set into
/// <see cref="QuestionRun.ScenesFolder"/> and run the same way, with <see cref="PidDefaults.PcaComponents"/> PCA components unless <c>--pca</c> says otherwise.
/// </summary>
internal static class QuestionRunRequests
{
    /// <summary>The scene model's PCA size: its 96-dimensional states reduced to the default component count per source.</summary>
    public static readonly string ScenePcaComponents = PidDefaults.PcaComponents.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Why <c>analyze --knockout</c> is refused with <c>--data</c> or <c>--states</c>.</summary>
    public const string KnockoutNeedsScenes = "--knockout runs on the scene models only (analyze --model DIR without --data or --states); " +
        "for a question set run pidgpu knockout --model DIR --data QUESTIONS [--layers WINDOWS].";

    /// <param name="windows">Knockout windows as text (<c>knockout --layers</c>, <c>analyze --knockout</c>); null = the intact run
    /// only for <c>analyze</c>, every decoder block for <c>knockout</c>.</param>
    public static int Run(LayerRunOptions o, string? windows, TextWriter stdout, TextWriter stderr, CancellationToken cancel) =>
        Run(For(o, windows), (o as AnalyzeOptions)?.States ?? o.Data!, stdout, stderr, cancel);

    /// <summary><see cref="QuestionRun.Execute"/> and the run folder; <paramref name="questions"/> names the question file (or capture)
    /// in messages.</summary>
    public static int Run(QuestionRunRequest request, string questions, TextWriter stdout, TextWriter stderr, CancellationToken cancel)
    {
        string output = request.RunFolder;
        var console = ConsoleProgress.For(stderr);
        RunResults run;
        try
        {
            run = QuestionRun.Execute(request, console, cancel);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // No layer has been estimated yet, so there is nothing partial to keep.
            console.EndLine();
            stderr.WriteLine(request.Knockouts is null
                ? $"interrupted: analyze stopped during the forward passes; nothing written to {output}."
                : $"interrupted during the forward passes, before any layer was estimated; nothing written to {output}.");
            return ExitCodes.Interrupted;
        }
        return RunFolderOutput.Finish(run, output, console, stdout, stderr, request.Knockouts is null
            ? $"no task of {questions} has {request.Estimation.MinimumSamples} samples to analyse; use more samples (or --answers all)."
            : $"no task of {questions} has {request.Estimation.MinimumSamples} correctly answered samples to analyse; use more questions.");
    }

    /// <summary>The request of <paramref name="o"/>; every option value is checked before any model file is read.</summary>
    public static QuestionRunRequest For(LayerRunOptions o, string? windows)
    {
        if (o is AnalyzeOptions { States: not null } analyzeStates) return FromStates(analyzeStates);
        var scenes = o.Data is null ? Scenes(o) : null;
        if (scenes is null) CheckData(o);
        bool knockout = o is KnockoutOptions || windows is not null;
        var capture = QuestionInput.Capture(o, o is AnalyzeOptions { Knockout: null } analyze ? analyze.Answers : "correct");
        var estimation = AnalyzeCommand.Options(o); // bad estimation options fail before the forward passes
        var forward = QuestionInput.Forward(capture);
        QuestionSource questions = scenes ?? (QuestionSource)QuestionInput.Source(capture);
        return new QuestionRunRequest
        {
            Model = o.Model, Questions = questions, RunFolder = o.Out, Estimation = estimation,
            CheckpointSettings = CheckpointOptions.Settings(o), Resume = o.Resume,
            Knockouts = !knockout ? null : windows is null ? [] : AnalyzeCommand.Windows(windows),
            Forward = forward, Device = OptionValues.Device(o.Device),
        };
    }

    /// <summary><c>analyze --states STATES_DIR</c>: the estimation from a capture, with no model and no forward pass.</summary>
    static QuestionRunRequest FromStates(AnalyzeOptions o)
    {
        if (!string.IsNullOrWhiteSpace(o.Model) || o.Data is not null)
            throw new PidInputException("give either --model (a forward pass) or --states (a capture), not both.");
        if (o.Template is not null)
            throw new PidInputException("--template applies to forward passes (--data); a capture's prompt was fixed when it ran and is recorded in its states.");
        if (o.Knockout is not null) throw new PidInputException(KnockoutNeedsScenes);
        var estimation = AnalyzeCommand.Options(o);
        var device = OptionValues.Device(o.Device);
        TorchOptionValues.TorchDevice(o.TorchDevice); // --states runs no forward pass, but a bad value is still an error
        var tasks = o.Tasks.Trim().Equals("all", StringComparison.OrdinalIgnoreCase) ? null
            : o.Tasks.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new QuestionRunRequest
        {
            Questions = new CapturedStatesSource(o.States!, tasks), RunFolder = o.Out, Estimation = estimation, Device = device,
            CheckpointSettings = CheckpointOptions.Settings(o), Resume = o.Resume,
        };
    }

    static void CheckData(LayerRunOptions o)
    {
        if (string.IsNullOrWhiteSpace(o.Model)) throw new PidInputException("--data needs --model DIR (a Hugging Face LLaVA directory).");
        if (o is AnalyzeOptions { Knockout: not null })
            throw new PidInputException(KnockoutNeedsScenes);
    }

    /// <summary>Where a scene run in <paramref name="runFolder"/> writes its question set.</summary>
    public static string SceneQuestions(string runFolder) => Path.Combine(runFolder, QuestionRun.ScenesFolder, SceneQuestionSet.QuestionsFile);

    /// <summary>The scene tasks; the question path's options are set for the written set, recorded (and compared on --resume) like
    /// any run's.</summary>
    static SceneTaskSource Scenes(LayerRunOptions o)
    {
        if (o.Template is not null)
            throw new PidInputException("--template applies with --data (a question set); the scene models use their own prompt_template.");
        if (string.IsNullOrWhiteSpace(o.Model))
            throw new PidInputException(o is AnalyzeOptions ? "give --model DIR (a forward pass) or --states STATES_DIR (made by pidgpu capture)." : "--model DIR is required.");
        var tasks = AnalyzeCommand.Tasks(o.Tasks);
        o.Tasks = string.Join(",", tasks);
        o.Pca ??= ScenePcaComponents;
        o.Data = SceneQuestions(o.Out);
        AnalyzeCommand.Options(o); // bad estimation options fail before the model is read or any scene drawn
        OptionValues.Device(o.Device);
        TorchOptionValues.TorchDevice(o.TorchDevice);
        if (!Directory.Exists(o.Model)) throw new PidInputException($"--model {o.Model}: no such directory.");
        return new SceneTaskSource(tasks, o.Samples, o.Seed, o.PerTask);
    }
}

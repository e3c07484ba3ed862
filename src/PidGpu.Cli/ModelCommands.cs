namespace PidGpu.Cli;

/// <summary>
/// The commands that run models (TorchSharp and LibTorch, through PidGpu.Models). The full command line
/// (src/PidGpu.Cli, the pidgpu-models tool) defines PIDGPU_MODEL_COMMANDS and registers them; the estimator tool
/// (src/PidGpu.Tool, `pidgpu`) compiles the same sources without them and answers each with the tool that has it.
/// </summary>
internal static class ModelCommands
{
    /// <summary>Their verb names; <c>CliModelCommandsTests</c> checks them against the registered option types.</summary>
    internal static readonly string[] Names = ["train-tiny", "analyze", "knockout", "demo", "scenes", "inspect", "capture"];

    /// <summary>Where the model commands are, worded for a user of the estimator tool.</summary>
    internal const string Where = "the pidgpu-models tool (dotnet tool install PidGpu.Models.Tool) or a source build (src/PidGpu.Cli)";

#if PIDGPU_MODEL_COMMANDS
    /// <summary>The option types of the model verbs, for the parser.</summary>
    internal static readonly Type[] Verbs = [typeof(TrainTinyOptions), typeof(AnalyzeOptions), typeof(KnockoutOptions), typeof(DemoOptions),
        typeof(ScenesOptions), typeof(InspectOptions), typeof(CaptureOptions)];

    /// <summary>Runs a parsed model verb.</summary>
    internal static int Run(object options, TextWriter stdout, TextWriter stderr, CancellationToken cancel) => options switch
    {
        TrainTinyOptions o => Interruptible.Run("train-tiny", _ => TrainTinyCommand.Run(o, stdout, stderr), stderr, cancel),
        AnalyzeOptions o => AnalyzeCommand.Run(o, o.Knockout, stdout, stderr, cancel),
        KnockoutOptions o => AnalyzeCommand.Run(o, o.Layers, stdout, stderr, cancel),
        DemoOptions o => DemoCommand.Run(o, stdout, stderr, cancel),
        ScenesOptions o => Interruptible.Run("scenes", _ => ScenesCommand.Run(o, stdout, stderr), stderr, cancel),
        InspectOptions o => Interruptible.Run("inspect", _ => InspectCommand.Run(o, stdout, stderr), stderr, cancel),
        CaptureOptions o => CaptureCommand.Run(o, stdout, stderr, cancel),
        _ => throw new ArgumentException($"not a model verb: {options.GetType().Name}", nameof(options)),
    };

    /// <summary>Null: every command is here.</summary>
    internal static string? NotInThisTool(string[] args) => null;
#else
    internal static readonly Type[] Verbs = [];

    internal static int Run(object options, TextWriter stdout, TextWriter stderr, CancellationToken cancel) =>
        throw new ArgumentException($"not a verb of the estimator tool: {options.GetType().Name}", nameof(options));

    /// <summary>For <c>pidgpu VERB ...</c> or <c>pidgpu help VERB</c> with a model verb: what to use instead.</summary>
    internal static string? NotInThisTool(string[] args)
    {
        string? verb = args is ["help", var named, ..] ? named : args.FirstOrDefault();
        return verb is not null && Names.Contains(verb)
            ? $"'{verb}' runs a model on TorchSharp and LibTorch, which this tool leaves out: use {Where}."
            : null;
    }
#endif

    /// <summary>The line under the verb list: where the commands not listed are (estimator tool only).</summary>
    internal static string? HelpLine => Verbs.Length == 0 ? $"Model commands ({string.Join(", ", Names)}) are in {Where}." : null;
}

using PidGpu.Models.Analysis;

namespace PidGpu.Cli;

/// <summary>
/// Checkpoints of <c>analyze</c> and <c>knockout</c> (every route): each finished layer is saved in the run folder, and
/// <c>--resume</c> after a kill or Ctrl-C takes the finished layers instead of computing them again.
/// </summary>
internal static class AnalyzeResume
{
    /// <summary><paramref name="options"/> with the run folder's checkpoint attached (and the earlier layers, with --resume).</summary>
    /// <exception cref="PidInputException">--resume with a checkpoint made under other settings.</exception>
    public static LayerwiseOptions WithCheckpoint(LayerwiseOptions options, LayerRunOptions o, TextWriter stderr) =>
        WithCheckpoint(options, o, o.Out, o.Resume, stderr);

    /// <summary><paramref name="options"/> with a checkpoint in <paramref name="runDir"/> under the settings of <paramref name="command"/>'s options.</summary>
    public static LayerwiseOptions WithCheckpoint(LayerwiseOptions options, object command, string runDir, bool resume, TextWriter stderr)
    {
        if (string.IsNullOrWhiteSpace(runDir)) return options;
        var settings = RunCheckpointFile.Settings(command);
        var finished = RunCheckpointFile.Load(runDir, settings, resume, stderr);
        return options with { Checkpoint = new LayerCheckpoint(finished, records => RunCheckpointFile.Save(runDir, settings, records)) };
    }

    /// <summary>Refuses a mismatched --resume before any forward pass (the checkpoint is read again when estimation starts).</summary>
    public static void Check(LayerRunOptions o)
    {
        if (o.Resume && !string.IsNullOrWhiteSpace(o.Out)) RunCheckpointFile.Load(o.Out, RunCheckpointFile.Settings(o), true, TextWriter.Null);
    }
}

using PidGpu.Inputs.Scenes;

namespace PidGpu.Cli;

/// <summary><c>pidgpu scenes</c>: the scene suite written as images + questions.jsonl.</summary>
internal static class ScenesCommand
{
    public static int Run(ScenesOptions o, TextWriter stdout, TextWriter stderr)
    {
        var tasks = AnalyzeCommand.Tasks(o.Tasks);
        string path = SceneQuestionSet.Write(o.Out, tasks, o.PerTask, o.Seed);
        stdout.WriteLine($"{tasks.Count * o.PerTask} questions ({tasks.Count} tasks x {o.PerTask}) in {path}");
        stderr.WriteLine($"images: {Path.Combine(o.Out, SceneQuestionSet.ImagesFolder)}");
        return ExitCodes.Success;
    }
}

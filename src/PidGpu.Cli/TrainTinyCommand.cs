using System.Globalization;
using PidGpu.Inputs.Scenes;
using PidGpu.Models.Training;

namespace PidGpu.Cli;

/// <summary><c>pidgpu train-tiny</c>: trains and saves the tiny VLM, prints held-out accuracy per task.</summary>
public static class TrainTinyCommand
{
    public static int Run(TrainTinyOptions o, TextWriter stdout, TextWriter stderr)
    {
        if (string.IsNullOrWhiteSpace(o.Out)) throw new PidInputException("--out: give a directory");
        var defaults = new TinyVlmOptions();
        var options = defaults with
        {
            Steps = o.Steps, Seed = o.Seed, BatchSize = o.Batch, LearningRate = o.LearningRate, Threads = o.Threads, EvalEvery = o.EvalEvery,
            TaskShares = o.TaskShares.Any() ? ParseShares(o.TaskShares) : defaults.TaskShares,
            VisionPositionInit = o.PositionInit, Device = TorchOptionValues.TorchDevice(o.TorchDevice),
        };
        var report = TinyVlmTrainer.Train(options, o.Out, line => stderr.WriteLine(line));
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"trained {report.Steps} steps in {report.Seconds:F1} s; saved to {o.Out}"));
        stdout.WriteLine("task             accuracy  chance  samples");
        foreach (var a in report.Accuracies)
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{a.Task,-16} {a.Accuracy,8:F3}  {a.Chance,6:F3}  {a.Samples,7}"));
        return ExitCodes.Success;
    }

    /// <summary>"Spatial=2" items (task names case-insensitive) as a share per task.</summary>
    static Dictionary<SceneTaskKind, int> ParseShares(IEnumerable<string> items)
    {
        var shares = new Dictionary<SceneTaskKind, int>();
        foreach (string item in items)
        {
            var parts = item.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !Enum.TryParse<SceneTaskKind>(parts[0], ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
                throw new PidInputException($"--task-share '{item}': expected TASK=N with TASK one of {string.Join(", ", Enum.GetNames<SceneTaskKind>())}");
            if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n))
                throw new PidInputException($"--task-share '{item}': the share must be a whole number");
            if (!shares.TryAdd(kind, n))
                throw new PidInputException($"--task-share names {kind} twice");
        }
        return shares;
    }
}

using System.Globalization;
using PidGpu.Models.Training;

namespace PidGpu.Cli;

/// <summary><c>pidgpu train-tiny</c>: trains and saves the tiny VLM, prints held-out accuracy per task.</summary>
public static class TrainTinyCommand
{
    public static int Run(TrainTinyOptions o, TextWriter stdout, TextWriter stderr)
    {
        if (string.IsNullOrWhiteSpace(o.Out)) throw new PidInputException("--out: give a directory");
        var defaults = new TinyVlmOptions();
        var options = defaults with { Steps = o.Steps, Seed = o.Seed, BatchSize = o.Batch, LearningRate = o.LearningRate, Threads = o.Threads, EvalEvery = o.EvalEvery };
        var report = TinyVlmTrainer.Train(options, o.Out, line => stderr.WriteLine(line));
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"trained {report.Steps} steps in {report.Seconds:F1} s; saved to {o.Out}"));
        stdout.WriteLine("task             accuracy  chance  samples");
        foreach (var a in report.Accuracies)
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{a.Task,-16} {a.Accuracy,8:F3}  {a.Chance,6:F3}  {a.Samples,7}"));
        return ExitCodes.Success;
    }
}

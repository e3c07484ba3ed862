using PidGpu.Report;
using PidGpu.Pipeline;
using PidGpu.Models.Analysis;

namespace PidGpu.Cli;

/// <summary>The run folder of <c>analyze</c>, <c>knockout</c> and <c>demo</c>: results, summary and plots, with the stage times and
/// summary tables printed.</summary>
internal static class RunFolderOutput
{
    /// <summary>Prints the stage times and saves the run; an interrupted run keeps what finished (exit 130), an empty one is an error.</summary>
    internal static int Finish(RunResults run, string runDir, ConsoleProgress console, TextWriter stdout, TextWriter stderr, string emptyMessage)
    {
        console.EndLine();
        stderr.WriteLine($"time per stage: {StageLine(run.Settings.StageSeconds)}");
        if (run.Settings.Partial)
        {
            if (run.Records.Count == 0)
            {
                stderr.WriteLine($"interrupted before any layer finished; nothing written to {runDir}.");
                return ExitCodes.Interrupted;
            }
            Write(run, runDir, stdout, stderr);
            stderr.WriteLine($"interrupted: {runDir} holds a PARTIAL run ({run.Records.Count} layer records; results.json says \"partial\": true).");
            return ExitCodes.Interrupted;
        }
        if (run.Records.Count == 0) throw new PidInputException(emptyMessage);
        int code = Write(run, runDir, stdout, stderr);
        RunCheckpointFile.Complete(runDir);
        return code;
    }

    /// <summary>Saves the run with its summary.json and plots (<see cref="RunReport"/>), and prints its summary (and knockout deltas).</summary>
    static int Write(RunResults run, string runDir, TextWriter stdout, TextWriter stderr)
    {
        run.Save(runDir);
        var (summary, plots) = RunReport.Write(run, runDir);
        stdout.Write(summary.ToTable());
        if (run.Series().Any(k => Conditions.IsKnockout(k.Condition)))
        {
            stdout.WriteLine();
            stdout.Write(KnockoutDeltas.ToTable(KnockoutDeltas.Of(run)));
        }
        stderr.WriteLine($"results: {Path.Combine(runDir, RunResults.ResultsFileName)}, {Path.Combine(runDir, RunResults.LayersFileName)}; " +
            $"{plots.Count} plots in {Path.Combine(runDir, RunReport.PlotsFolder)}");
        return ExitCodes.Success;
    }

    /// <summary>"forward 31.2 s (11%) · capture ..." in pipeline order.</summary>
    static string StageLine(IReadOnlyDictionary<string, double> seconds)
    {
        double total = seconds.Values.Sum();
        return string.Join(" · ", seconds.Select(kv => $"{kv.Key} {kv.Value:F1} s ({(total > 0 ? kv.Value / total : 0):P0})")) + $" · total {total:F1} s";
    }

}

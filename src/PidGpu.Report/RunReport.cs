using PidGpu.Formats;

namespace PidGpu.Report;

/// <summary>
/// The files of a run folder beside results.json and layers.csv (<see cref="RunResults.Save"/>): summary.json and the plots, written
/// the same way by every run (<c>analyze</c>, <c>knockout</c>, <c>demo</c>) and by <c>report</c> on a saved run.
/// </summary>
public static class RunReport
{
    /// <summary>The folder of the plots inside a run folder.</summary>
    public const string PlotsFolder = "plots";

    /// <summary>Writes summary.json (atomically) and, unless <paramref name="plots"/> is false, the plots; returns the summary and
    /// the plot files written.</summary>
    public static (RunSummary Summary, IReadOnlyList<string> Plots) Write(RunResults run, string runDir, bool plots = true)
    {
        var summary = RunSummary.Of(run);
        AtomicFile.WriteAllText(Path.Combine(runDir, RunSummary.FileName), summary.ToJson());
        return (summary, plots ? RunPlots.WriteAll(run, Path.Combine(runDir, PlotsFolder)) : []);
    }
}

using PidGpu.Report;

namespace PidGpu.Cli;

/// <summary><c>pidgpu report</c>: summary table, summary.json and plots from a saved run.</summary>
internal static class ReportCommand
{
    public static int Run(ReportOptions o, TextWriter stdout, TextWriter stderr, OutputGate gate)
    {
        var run = RunResults.Load(RunFolderArgument.Check(o.RunDir, "RUN_DIR"));
        if (run.Settings.Partial)
            stderr.WriteLine("warning: the run is marked partial (interrupted); the summary covers what finished.");
        var summary = RunSummary.Of(run);
        stdout.Write(summary.ToTable());
        if (run.Series().Any(k => Conditions.IsKnockout(k.Condition)))
        {
            stdout.WriteLine();
            stdout.Write(KnockoutDeltas.ToTable(KnockoutDeltas.Of(run, layer: o.Layer)));
        }
        else if (o.Layer is not null)
            throw new PidInputException("--layer applies to knockout deltas, and the run has no knockout series.");
        gate.BeginWriting();
        var files = RunReport.Write(run, o.RunDir, plots: !o.NoPlots).Plots;
        if (!o.NoPlots) stderr.WriteLine($"plots: {files.Count} files in {Path.Combine(o.RunDir, RunReport.PlotsFolder)}");
        return ExitCodes.Success;
    }
}

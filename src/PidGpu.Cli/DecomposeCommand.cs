using PidGpu.Formats;
using PidGpu.Runs;

namespace PidGpu.Cli;

/// <summary><c>pidgpu decompose</c>: parse the options into a request (every cheap check first), run it through the
/// library's one entry point (<see cref="DecompositionRun"/>), print the table, write the result, map to an exit code.</summary>
internal static class DecomposeCommand
{
    public static int Run(DecomposeOptions o, TextWriter stdout, TextWriter stderr, OutputGate gate, CancellationToken cancel)
    {
        var request = DecomposeRequests.From(o);
        var result = DecompositionRun.Execute(request, ConsoleProgress.For(stderr), cancel);
        result.WriteTable(stdout);
        gate.BeginWriting();
        if (o.Out is { } path) AtomicFile.WriteAllText(path, result.ToJson());
        return NotConvergedWarning(result.Missed, stderr);
    }

    /// <summary>Exit 3 with a warning when a certified solve (BROJA, gpid) missed its target gap, else 0.</summary>
    static int NotConvergedWarning(MissedTarget? missed, TextWriter stderr)
    {
        if (missed is null) return ExitCodes.Success;
        string which = missed.Count == 1 ? missed.Measure : $"{missed.Measure} missed the target on {missed.Count} problems; the worst";
        stderr.WriteLine($"warning: {which} stopped after {missed.Iterations} iterations with gap {missed.GapBits:E2} bits " +
            $"> --target-gap {missed.TargetGapBits:E2}; its atoms are approximate (exit code {ExitCodes.NotConverged}).");
        return ExitCodes.NotConverged;
    }
}

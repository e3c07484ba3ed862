namespace PidGpu.Cli;

/// <summary>
/// Ctrl-C for commands whose computation cannot stop part-way (decompose, compare, report, train-tiny): the command runs
/// on a background thread, and an interrupt returns <see cref="ExitCodes.Interrupted"/> at once unless the command has
/// begun writing its output (then it finishes). The abandoned computation ends with the process.
/// </summary>
internal static class Interruptible
{
    public static int Run(string verb, Func<OutputGate, int> command, TextWriter stderr, CancellationToken cancel)
    {
        var gate = new OutputGate();
        if (!cancel.CanBeCanceled) return command(gate);
        var work = Task.Factory.StartNew(() => command(gate), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            work.Wait(cancel);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            if (gate.TryInterrupt())
            {
                stderr.WriteLine($"interrupted: {verb} stopped; nothing written.");
                return ExitCodes.Interrupted;
            }
        }
        catch (AggregateException)
        {
            // The command failed: rethrown below with its own exception type, for the exit code.
        }
        return work.GetAwaiter().GetResult();
    }
}

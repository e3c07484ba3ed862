using System.Diagnostics;

namespace PidGpu.Fuzz;

/// <summary>
/// Runs a reader on one file on its own thread, so that a hang is seen (the thread is abandoned; the caller stops the
/// run) and the managed bytes it allocates can be counted on that thread alone.
/// </summary>
sealed class InputRunner(TimeSpan timeout, long allocationLimit)
{
    public TimeSpan Timeout { get; } = timeout;

    public long AllocationLimit { get; } = allocationLimit;

    public Outcome Run(FuzzTarget target, string path)
    {
        Exception? error = null;
        long allocated = 0;
        var clock = Stopwatch.StartNew();
        // 8 MB: the main thread's stack on Linux, which is where the CLI runs the readers.
        var thread = new Thread(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            try { target.Run(path); }
            catch (Exception e) { error = e; }
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }, 8 << 20) { IsBackground = true, Name = $"fuzz {target.Name}" };
        thread.Start();
        if (!thread.Join(Timeout))
            return new Outcome(OutcomeKind.Hung, null, 0, clock.Elapsed);
        var elapsed = clock.Elapsed;
        if (allocated > AllocationLimit)
            return new Outcome(OutcomeKind.AllocatedTooMuch, error, allocated, elapsed);
        return error switch
        {
            null => new Outcome(OutcomeKind.Accepted, null, allocated, elapsed),
            PidInputException => new Outcome(OutcomeKind.Rejected, error, allocated, elapsed),
            _ => new Outcome(OutcomeKind.Crashed, error, allocated, elapsed),
        };
    }
}

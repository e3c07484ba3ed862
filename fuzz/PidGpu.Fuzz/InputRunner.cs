using System.Diagnostics;

namespace PidGpu.Fuzz;

/// <summary>
/// Runs a reader on one file on its own thread, so that a hang is seen (the thread is abandoned; the caller stops the
/// run). Allocation is the process's managed total over the run (inputs run one at a time), so a reader that works on
/// other threads is counted too.
/// </summary>
sealed class InputRunner(TimeSpan timeout, long allocationLimit)
{
    public TimeSpan Timeout { get; } = timeout;

    public long AllocationLimit { get; } = allocationLimit;

    /// <summary>How long an input past the timeout may still take before it counts as hung without a second run.</summary>
    static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    public Outcome Run(FuzzTarget target, string path) => Run(target, path, rerun: false);

    Outcome Run(FuzzTarget target, string path, bool rerun)
    {
        Exception? error = null;
        long before = GC.GetTotalAllocatedBytes(precise: false);
        var clock = Stopwatch.StartNew();
        // 8 MB: the main thread's stack on Linux, which is where the CLI runs the readers.
        var thread = new Thread(() =>
        {
            try { target.Run(path); }
            catch (Exception e) { error = e; }
        }, 8 << 20) { IsBackground = true, Name = $"fuzz {target.Name}" };
        thread.Start();
        if (!thread.Join(Timeout))
        {
            // A busy machine can stall any input: one that finishes within the grace runs again, and only a second
            // overrun counts, so CI on shared cores does not fail on a pause.
            if (!rerun && thread.Join(Grace)) return Run(target, path, rerun: true);
            return new Outcome(OutcomeKind.Hung, null, 0, clock.Elapsed);
        }
        var elapsed = clock.Elapsed;
        long allocated = GC.GetTotalAllocatedBytes(precise: false) - before;
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

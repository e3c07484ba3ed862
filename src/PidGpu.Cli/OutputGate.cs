namespace PidGpu.Cli;

/// <summary>
/// Decides, once, between "the command writes its output" and "Ctrl-C stopped it": whichever comes first wins, so an
/// interrupted command never leaves an output file behind and a command already writing is allowed to finish.
/// </summary>
internal sealed class OutputGate
{
    const int Computing = 0, Writing = 1, Interrupted = 2;
    int state;

    /// <summary>Call before writing the first output file.</summary>
    /// <exception cref="OperationCanceledException">Ctrl-C came first: write nothing.</exception>
    public void BeginWriting()
    {
        if (Interlocked.CompareExchange(ref state, Writing, Computing) == Interrupted)
            throw new OperationCanceledException("interrupted before writing the output");
    }

    /// <summary>True when nothing was written yet and nothing will be; false when writing has begun.</summary>
    public bool TryInterrupt() => Interlocked.CompareExchange(ref state, Interrupted, Computing) != Writing;
}

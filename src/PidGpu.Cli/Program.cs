using PidGpu.Cli;

// Ctrl-C once: analyze/knockout/demo stop after the current batch or layer and keep what finished (marked partial); the
// other commands stop at once and write nothing (exit 130). Twice: exit now; every output file is written atomically,
// so even then none is left half-written.
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (interrupt.IsCancellationRequested) return;
    e.Cancel = true;
    interrupt.Cancel();
    Console.Error.WriteLine();
    Console.Error.WriteLine("interrupt: stopping (Ctrl-C again to quit at once)");
};
return CliApp.Run(args, Console.Out, Console.Error, interrupt.Token);

using PidGpu.Cli;

// Ctrl-C once: long runs stop after the current batch or layer and keep what finished (marked partial). Twice: exit now;
// every output file is written atomically, so even then none is left half-written.
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (interrupt.IsCancellationRequested) return;
    e.Cancel = true;
    interrupt.Cancel();
    Console.Error.WriteLine();
    Console.Error.WriteLine("interrupt: finishing the current step and saving partial results (Ctrl-C again to quit at once)");
};
return CliApp.Run(args, Console.Out, Console.Error, interrupt.Token);

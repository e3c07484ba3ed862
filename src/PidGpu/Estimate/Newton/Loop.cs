namespace PidGpu.Estimate.Newton;

/// <summary>A for loop that runs in parallel only when asked: batches parallelise over problems instead.</summary>
internal static class Loop
{
    public static void For(bool parallel, int from, int to, Action<int> body)
    {
        if (!parallel) { for (int i = from; i < to; i++) body(i); return; }
        try { Parallel.For(from, to, body); }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is OperationCanceledException))
        {
            throw e.InnerExceptions[0]; // a cancelled run is a cancellation, not a failure
        }
    }
}

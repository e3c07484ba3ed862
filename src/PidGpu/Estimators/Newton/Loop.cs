namespace PidGpu.Estimators.Newton;

/// <summary>A for loop that runs in parallel only when asked: batches parallelise over problems instead.</summary>
internal static class Loop
{
    public static void For(bool parallel, int from, int to, Action<int> body)
    {
        if (parallel) Parallel.For(from, to, body);
        else for (int i = from; i < to; i++) body(i);
    }
}

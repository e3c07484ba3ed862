namespace PidGpu.Cli;

/// <summary>Process exit codes of pidgpu (also listed in --help).</summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>An unexpected failure inside pidgpu (a bug): please report it.</summary>
    public const int InternalError = 1;
    /// <summary>Bad input or usage; no result was written (a layer-wise run keeps the checkpoint of the layers it finished
    /// before the error, for --resume).</summary>
    public const int BadInput = 2;
    /// <summary>The result was written, but the BROJA (or Gaussian gpid) optimisation did not reach --target-gap.</summary>
    public const int NotConverged = 3;
    /// <summary>Interrupted (Ctrl-C), 128 + SIGINT as shells report it: analyze/knockout/demo write what finished, marked
    /// partial; every other command writes nothing.</summary>
    public const int Interrupted = 130;

    public const string HelpText =
        "Exit codes: 0 success; 1 internal error; 2 bad input or usage (no results written to --out; analyze/knockout/demo keep " +
        "a checkpoint of layers finished before the error, for --resume); " +
        "3 BROJA (or gaussian gpid) did not reach --target-gap (result still written, with a warning); " +
        "130 interrupted by Ctrl-C (analyze/knockout/demo: finished layers written, marked partial; other commands: nothing written).";
}

namespace PidGpu.Cli;

/// <summary>
/// Options of a verb that collect positional arguments beyond its own (a hidden catch-all value), so that
/// <see cref="CliApp"/> can reject them instead of ignoring them silently.
/// </summary>
internal interface IExtraArguments
{
    IEnumerable<string> Extra { get; }
}

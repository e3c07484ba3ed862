using System.Globalization;
using System.Reflection;
using CommandLine;

namespace PidGpu.Cli;

/// <summary>
/// The settings a resumable command's checkpoint is saved under (the library's <c>CheckpointSettings</c>): every command-line
/// option that changes its results, by flag, so that a refused <c>--resume</c> names the flags that differ.
/// </summary>
internal static class CheckpointOptions
{
    /// <summary>Options that only say where results go or how to start, not what they are.</summary>
    static readonly HashSet<string> Ignored = ["out", "resume", "checkpoint-every"];

    /// <summary>Options naming files or folders: compared as full paths.</summary>
    static readonly HashSet<string> Paths = ["model", "states", "data", "images"];

    /// <summary>"--name" → value of every command-line option of <paramref name="options"/> that affects the results.</summary>
    public static Dictionary<string, string> Settings(object options)
    {
        var settings = new Dictionary<string, string> { ["command"] = options.GetType().Name };
        foreach (var property in options.GetType().GetProperties())
        {
            if (property.GetCustomAttribute<OptionAttribute>() is not { LongName: { } name } || Ignored.Contains(name)) continue;
            string value = Convert.ToString(property.GetValue(options), CultureInfo.InvariantCulture) ?? "";
            if (Paths.Contains(name) && value.Length > 0) value = Path.GetFullPath(value);
            settings["--" + name] = value;
        }
        return settings;
    }
}

using System.Globalization;
using System.Reflection;
using CommandLine;
using PidGpu.Report;

namespace PidGpu.Cli;

/// <summary>
/// The checkpoint of a resumable command in its output folder (<see cref="FileName"/>): the command's settings, every
/// option that changes its results, and what it finished so far as layer records. Written atomically after each step;
/// removed when the command completes. <c>--resume</c> refuses (exit 2) a checkpoint made with other settings, naming them.
/// </summary>
internal static class RunCheckpointFile
{
    public const string FileName = "checkpoint.json";

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

    /// <summary>Writes the settings and records atomically into <paramref name="folder"/> (created if missing).</summary>
    public static void Save(string folder, IReadOnlyDictionary<string, string> settings, IReadOnlyList<LayerRecord> records)
    {
        Directory.CreateDirectory(folder);
        var run = new RunSettings(settings, new Dictionary<string, long>(), "", new Dictionary<string, string>(),
            new Dictionary<string, double>(), Partial: true);
        ResultsJson.Write(Path.Combine(folder, FileName), new RunResults(run, records));
    }

    /// <summary>
    /// The finished records of <paramref name="folder"/>'s checkpoint when <paramref name="resume"/> is set and one exists
    /// (none otherwise: a run without --resume starts over).
    /// </summary>
    /// <exception cref="PidInputException">The checkpoint was made with other settings (each difference named), or is corrupt.</exception>
    public static IReadOnlyList<LayerRecord> Load(string folder, IReadOnlyDictionary<string, string> settings, bool resume, TextWriter stderr)
    {
        string path = Path.Combine(folder, FileName);
        if (!resume) return [];
        if (!File.Exists(path))
        {
            stderr.WriteLine($"--resume: no checkpoint in {folder}; starting from the beginning.");
            return [];
        }
        var saved = ResultsJson.Read(path);
        CheckSame(path, saved.Settings.Options, settings);
        stderr.WriteLine($"--resume: {saved.Records.Count} finished layer records taken from {path}.");
        return saved.Records;
    }

    /// <exception cref="PidInputException">The settings differ; each difference is named.</exception>
    public static void CheckSame(string path, IReadOnlyDictionary<string, string> saved, IReadOnlyDictionary<string, string> now)
    {
        var differences = now.Keys.Union(saved.Keys).Order(StringComparer.Ordinal)
            .Where(k => now.GetValueOrDefault(k) != saved.GetValueOrDefault(k))
            .Select(k => $"{k} was '{saved.GetValueOrDefault(k) ?? "(unset)"}', now '{now.GetValueOrDefault(k) ?? "(unset)"}'")
            .ToList();
        if (differences.Count > 0)
            throw new PidInputException($"--resume: the checkpoint {path} was made with other settings ({string.Join("; ", differences)}); " +
                "run with the same settings, or without --resume to start over.");
    }

    /// <summary>Removes the checkpoint once the complete results are saved.</summary>
    public static void Complete(string folder)
    {
        string path = Path.Combine(folder, FileName);
        if (File.Exists(path)) File.Delete(path);
    }
}

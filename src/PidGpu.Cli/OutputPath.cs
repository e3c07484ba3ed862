using PidGpu.Formats.Arrays;

namespace PidGpu.Cli;

/// <summary>
/// Checks an --out file before the (possibly long) computation: a valid path, not a folder, in a folder that exists and
/// can be written (probed by creating and removing a file), and not one of the inputs (the result would replace it).
/// </summary>
internal static class OutputPath
{
    /// <exception cref="PidInputException">The output cannot be written, or is an input.</exception>
    public static void Check(string path, IEnumerable<string?> inputs)
    {
        string full;
        try { full = Path.GetFullPath(path); }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new PidInputException($"--out '{path}' is not a valid path ({ex.Message}).", ex);
        }
        if (Directory.Exists(full))
            throw new PidInputException($"--out '{path}' is a folder; give a file name.");
        var folder = Path.GetDirectoryName(full) ?? Path.GetPathRoot(full)!;
        if ((File.Exists(folder) ? folder : FileAbove(folder)) is { } file)
            throw new PidInputException($"--out '{path}': '{file}' is a file, so nothing can be written under it.");
        if (!Directory.Exists(folder))
            throw new PidInputException($"--out '{path}': folder '{folder}' does not exist.");
        foreach (var input in inputs)
            if (input is not null && SameFile(full, InputFile(input)))
                throw new PidInputException($"--out '{path}' is the input '{input}'; writing the result would replace it. Choose another --out.");
        Probe(path, folder);
    }

    /// <summary>The file of an input spec: PATH, or PATH:TENSOR for safetensors.</summary>
    static string InputFile(string spec) => ArrayFile.SplitSpec(spec).Path;

    /// <summary>The nearest existing ancestor of <paramref name="folder"/> when it is a regular file, else null.</summary>
    static string? FileAbove(string folder)
    {
        for (var dir = Path.GetDirectoryName(folder); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (Directory.Exists(dir)) return null;
            if (File.Exists(dir)) return dir;
        }
        return null;
    }

    static void Probe(string path, string folder)
    {
        string probe = Path.Combine(folder, $".pidgpu-write-check.{Guid.NewGuid():N}.tmp");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PidInputException($"--out '{path}': cannot write in folder '{folder}' ({ex.Message}); " +
                "choose a writable location (the check runs before computing, so nothing was lost).", ex);
        }
    }

    /// <summary>Same file after resolving symbolic links in every component of both paths.</summary>
    static bool SameFile(string a, string b)
    {
        if (!File.Exists(a) || !File.Exists(b)) return false;
        return string.Equals(Resolve(a), Resolve(b), StringComparison.Ordinal);
    }

    static string Resolve(string path)
    {
        string full = Path.GetFullPath(path);
        string root = Path.GetPathRoot(full)!;
        string current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target)
                current = Resolve(target.FullName);
        }
        return current;
    }
}

namespace PidGpu.Tests.Support;

/// <summary>
/// Inputs that the fuzzer (fuzz/PidGpu.Fuzz, scripts/fuzz.sh) found to crash a reader, kept under
/// tests/PidGpu.Tests/FuzzFindings/TARGET/, with the valid files the target's reader needs beside them
/// (fuzz/corpus/TARGET/beside/: the rest of a tokenizer directory or checkpoint).
/// </summary>
public static class FuzzFindings
{
    public static TheoryData<string> Names(string target)
    {
        var names = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Folder(target)).Order(StringComparer.Ordinal))
            names.Add(Path.GetFileName(file));
        return names;
    }

    /// <summary>Copies <paramref name="finding"/> to <paramref name="folder"/>/<paramref name="fileName"/> with the target's companion files; returns its path.</summary>
    public static string Place(string target, string finding, string folder, string fileName)
    {
        PlaceCompanions(target, folder);
        string path = Path.Combine(folder, fileName);
        File.Copy(Path.Combine(Folder(target), finding), path, overwrite: true);
        return path;
    }

    /// <summary>Copies the valid files the target's reader needs beside its input (if any) into <paramref name="folder"/>.</summary>
    public static void PlaceCompanions(string target, string folder)
    {
        string beside = Path.Combine(SharedCanonical.RepoRoot(), "fuzz", "corpus", target, "beside");
        if (!Directory.Exists(beside)) return;
        foreach (var file in Directory.GetFiles(beside))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
    }

    static string Folder(string target) => Path.Combine(SharedCanonical.RepoRoot(), "tests", "PidGpu.Tests", "FuzzFindings", target);
}

namespace PidGpu.Models.Analysis;

/// <summary>
/// A folder a run makes inside its output folder for its own use (a capture's states on the way to the estimation), removed
/// when the run ends, with the output folder too when the run made it and leaves it empty: an interrupted or failed
/// run leaves nothing behind.
/// </summary>
public sealed class ScratchFolder : IDisposable
{
    readonly string parent;
    readonly bool madeParent;

    public ScratchFolder(string parent, string name)
    {
        this.parent = parent;
        madeParent = !Directory.Exists(parent);
        Path = System.IO.Path.Combine(parent, name);
    }

    public string Path { get; }

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
        RemoveIfMadeAndEmpty(parent, madeParent);
    }

    /// <summary>Removes <paramref name="folder"/> when the run made it and nothing is in it.</summary>
    public static void RemoveIfMadeAndEmpty(string folder, bool made)
    {
        if (made && Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any()) Directory.Delete(folder);
    }
}

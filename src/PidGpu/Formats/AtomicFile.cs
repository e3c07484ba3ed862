using System.Text;

namespace PidGpu.Formats;

/// <summary>
/// Writes a whole file or nothing: the text goes to a temporary file in the same folder (same file system,
/// so the final rename is atomic), is flushed to disk, then replaces the target. A failure or crash
/// leaves any previous file intact and no partial output.
/// </summary>
public static class AtomicFile
{
    /// <exception cref="PidInputException">The folder does not exist or cannot be written.</exception>
    public static void WriteAllText(string path, string text)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(folder))
            throw new PidInputException($"{path}: cannot write, folder '{folder}' does not exist.");
        string temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new PidInputException($"{path}: cannot write ({ex.Message}).", ex);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    static void TryDelete(string temp)
    {
        try { File.Delete(temp); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { /* best effort: the temp name is hidden and unique */ }
    }
}

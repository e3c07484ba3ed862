namespace PidGpu.Formats;

/// <summary>Reads an input file, turning I/O failures into <see cref="PidInputException"/> that name the file.</summary>
internal static class InputFile
{
    public static string ReadAllText(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new PidInputException("an input file name is empty.");
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new PidInputException($"{path}: file not found.", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new PidInputException($"{path}: cannot read the file ({ex.Message}).", ex);
        }
    }

    /// <summary>
    /// The file's lines without the trailing blank ones (a final newline is normal);
    /// blank lines in the middle stay, so callers can reject them as missing values.
    /// </summary>
    public static List<string> ReadLines(string path)
    {
        var lines = ReadAllText(path).Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        while (lines.Count > 0 && string.IsNullOrWhiteSpace(lines[^1])) lines.RemoveAt(lines.Count - 1);
        return lines;
    }
}

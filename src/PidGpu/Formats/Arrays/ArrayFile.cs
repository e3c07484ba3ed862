namespace PidGpu.Formats.Arrays;

/// <summary>
/// Opens an activation matrix from a <c>.npy</c> or <c>.safetensors</c> file.
/// The result is memory-mapped; dispose it when done.
/// </summary>
public static class ArrayFile
{
    /// <summary>
    /// Opens <c>PATH</c> or <c>PATH:TENSOR</c>. A path that exists wins, so names containing ':' still work.
    /// A <c>.npy</c> takes no tensor name; a <c>.safetensors</c> needs one unless it holds a single tensor.
    /// The format is chosen by the .npy magic bytes, else by the extension.
    /// </summary>
    /// <exception cref="PidInputException">Missing or unreadable file, or any format error; the message names the file.</exception>
    public static IMatrixSource Open(string spec)
    {
        if (string.IsNullOrWhiteSpace(spec))
            throw new PidInputException("an input file name is empty.");
        var (path, tensor) = SplitSpec(spec);
        return Open(path, tensor);
    }

    /// <inheritdoc cref="Open(string)"/>
    public static IMatrixSource Open(string path, string? tensor)
    {
        if (path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
            return SafetensorsReader.Open(path, tensor);
        if (path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) || LooksLikeNpy(path))
        {
            if (tensor is not null)
                throw new PidInputException($"{path}: a .npy file holds one array; drop the ':{tensor}' suffix.");
            return NpyReader.Open(path);
        }
        if (!File.Exists(path))
            throw new PidInputException($"{path}: file not found.");
        throw new PidInputException($"{path}: unknown array format; expected a .npy or .safetensors file.");
    }

    /// <summary>PATH or PATH:TENSOR split into the file and the tensor name (null when none).</summary>
    public static (string Path, string? Tensor) SplitSpec(string spec)
    {
        int colon = spec.LastIndexOf(':');
        if (File.Exists(spec) || colon <= 0 || colon == spec.Length - 1) return (spec, null);
        return (spec[..colon], spec[(colon + 1)..]);
    }

    static bool LooksLikeNpy(string path)
    {
        try
        {
            using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            Span<byte> head = stackalloc byte[6];
            return s.ReadAtLeast(head, 6, throwOnEndOfStream: false) == 6 && head.SequenceEqual(NpyReader.Magic);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return false; // the open that follows reports the problem
        }
    }

    /// <summary>Opens for reading, turning I/O failures into messages that name the file.</summary>
    internal static FileStream OpenRead(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new PidInputException("an input file name is empty.");
        try
        {
            if (Directory.Exists(path))
                throw new PidInputException($"{path}: is a folder, not a file.");
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
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

    /// <summary>Reads exactly <paramref name="count"/> bytes at <paramref name="offset"/>; the caller checked they lie within the file.</summary>
    internal static byte[] ReadBytes(FileStream stream, long offset, int count, string source)
    {
        var bytes = new byte[count];
        try
        {
            stream.Position = offset;
            stream.ReadExactly(bytes);
        }
        catch (Exception ex) when (ex is IOException)
        {
            throw new PidInputException($"{source}: cannot read the file ({ex.Message}).", ex);
        }
        return bytes;
    }

    /// <summary>rows × columns × itemSize, or null on overflow.</summary>
    internal static long? ByteCount(long rows, long columns, int itemSize)
    {
        try { return checked(rows * columns * itemSize); }
        catch (OverflowException) { return null; }
    }
}

using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace PidGpu.Formats.Arrays;

/// <summary>
/// Reads a NumPy <c>.npy</c> file (format versions 1.0, 2.0 and 3.0) as a memory-mapped matrix.
/// Supported: float16/32/64 in either byte order ('&lt;f2', '&lt;f4', '&lt;f8', '&gt;…'), shapes (N,) → N×1 and (N, d),
/// C order (Fortran order only where the layout is the same: 1-D or a dimension of 1).
/// bfloat16 is not supported: numpy has no standard descr for it (ml_dtypes saves it as the ambiguous '&lt;V2').
/// </summary>
internal static class NpyReader
{
    /// <summary>Longest header accepted (numpy itself refuses more than 10,000 bytes by default).</summary>
    public const int MaxHeaderBytes = 1 << 20;

    internal static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <exception cref="PidInputException">Missing file, bad magic or version, truncated or malformed header,
    /// unsupported dtype, Fortran order, a shape that is not 1-D or 2-D, an empty array, or data shorter than the shape needs.</exception>
    public static MappedMatrix Open(string path)
    {
        var stream = ArrayFile.OpenRead(path);
        try
        {
            var h = ReadHeader(stream, path);
            return new MappedMatrix(stream, path, h.DataOffset, h.Rows, h.Columns, h.DType, h.BigEndian);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    internal readonly record struct Header(long DataOffset, long Rows, int Columns, ArrayDType DType, bool BigEndian);

    /// <summary>An N-D array's header: where the data starts, its shape, element type and byte order.</summary>
    internal readonly record struct TensorHeader(long DataOffset, long[] Shape, ArrayDType DType, bool BigEndian);

    static Header ReadHeader(FileStream stream, string path)
    {
        var t = ReadTensorHeader(stream, path, maxRank: 2);
        var shape = t.Shape;
        long rows = shape[0];
        long columns = shape.Length == 2 ? shape[1] : 1;
        if (columns > int.MaxValue)
            throw new PidInputException($"{path}: {columns} columns is more than the supported {int.MaxValue}.");
        return new Header(t.DataOffset, rows, (int)columns, t.DType, t.BigEndian);
    }

    /// <summary>Parses and checks the header of an array of rank 1..<paramref name="maxRank"/> (C order, non-empty,
    /// data present for the whole shape).</summary>
    internal static TensorHeader ReadTensorHeader(FileStream stream, string path, int maxRank)
    {
        long fileLength = stream.Length;
        if (fileLength < 10)
            throw new PidInputException($"{path}: truncated .npy header: the file has only {fileLength} bytes (at least 10 are needed).");
        var prefix = ArrayFile.ReadBytes(stream, 0, 10, path);
        if (!prefix.AsSpan(0, 6).SequenceEqual(Magic))
            throw new PidInputException($"{path}: not a .npy file (bad magic bytes; expected \\x93NUMPY).");
        int major = prefix[6], minor = prefix[7];
        long headerLength;
        int headerStart;
        Encoding encoding;
        switch (major)
        {
            case 1:
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(prefix.AsSpan(8));
                headerStart = 10;
                encoding = Encoding.Latin1;
                break;
            case 2 or 3:
                if (fileLength < 12)
                    throw new PidInputException($"{path}: truncated .npy header: the file has only {fileLength} bytes (version {major}.{minor} needs at least 12).");
                headerLength = BinaryPrimitives.ReadUInt32LittleEndian(ArrayFile.ReadBytes(stream, 8, 4, path));
                headerStart = 12;
                encoding = major == 2 ? Encoding.Latin1 : Encoding.UTF8;
                break;
            default:
                throw new PidInputException($"{path}: unsupported .npy format version {major}.{minor} (supported: 1.0, 2.0, 3.0).");
        }
        if (headerStart + headerLength > fileLength)
            throw new PidInputException($"{path}: the .npy header length {headerLength} runs past the end of the file ({fileLength} bytes; truncated file?).");
        if (headerLength > MaxHeaderBytes)
            throw new PidInputException($"{path}: the .npy header length {headerLength} exceeds the supported {MaxHeaderBytes} bytes (not a .npy file?).");
        string text = encoding.GetString(ArrayFile.ReadBytes(stream, headerStart, (int)headerLength, path));
        long dataOffset = headerStart + headerLength;

        var dict = PyLiteral.ParseDict(text, path);
        object? descr = Required(dict, "descr", text, path);
        object? fortran = Required(dict, "fortran_order", text, path);
        object? shapeValue = Required(dict, "shape", text, path);

        var (dtype, bigEndian) = ParseDescr(descr, path);
        if (fortran is not bool isFortran)
            throw new PidInputException($"{path}: malformed .npy header: 'fortran_order' must be True or False, got {PyLiteral.Show(fortran)}.");
        if (shapeValue is not List<object?> shapeList || shapeList.Any(v => v is not long))
            throw new PidInputException($"{path}: malformed .npy header: 'shape' must be a tuple of integers, got {PyLiteral.Show(shapeValue)}.");
        var shape = shapeList.Cast<long>().ToArray();
        string shapeText = PyLiteral.Show(shapeValue);
        if (shape.Length == 0 || shape.Length > maxRank)
            throw new PidInputException(maxRank == 2
                ? $"{path}: the array has shape {shapeText} ({shape.Length}-D); expected 1-D (N,) or 2-D (N, d)."
                : $"{path}: the array has shape {shapeText} ({shape.Length}-D); expected at most {maxRank} dimensions.");
        if (shape.Any(n => n < 0))
            throw new PidInputException($"{path}: malformed .npy header: negative dimension in shape {shapeText}.");
        if (shape.Any(n => n == 0))
            throw new PidInputException($"{path}: the array is empty (shape {shapeText}).");
        if (isFortran && shape.Count(n => n > 1) > 1)
            throw new PidInputException($"{path}: the array is stored in Fortran (column-major) order; only C order is supported (save np.ascontiguousarray(x)).");

        long? elements = 1;
        foreach (long n in shape) elements = elements is long e && n <= long.MaxValue / e ? e * n : null;
        long? needed = elements is long count ? ArrayFile.ByteCount(count, 1, dtype.ItemSize()) : null;
        long available = fileLength - dataOffset;
        if (needed is null || needed > available)
            throw new PidInputException($"{path}: the data is truncated: shape {shapeText} of {dtype.Name()} needs {(needed is long b ? b.ToString(CultureInfo.InvariantCulture) : "more than 2^63")} bytes after the header but the file has {available}.");
        return new TensorHeader(dataOffset, shape, dtype, bigEndian);
    }

    static object? Required(Dictionary<string, object?> dict, string key, string text, string path)
    {
        if (!dict.TryGetValue(key, out var value))
            throw new PidInputException($"{path}: malformed .npy header: no '{key}' key in {text.Trim()}");
        return value;
    }

    static (ArrayDType, bool BigEndian) ParseDescr(object? descr, string path)
    {
        if (descr is not string s)
            throw new PidInputException($"{path}: unsupported dtype {PyLiteral.Show(descr)}: structured arrays are not supported; save a plain float array.");
        if (s.Length >= 2 && s[0] is '<' or '>' or '=')
        {
            bool big = s[0] == '>' || (s[0] == '=' && !BitConverter.IsLittleEndian);
            ArrayDType? type = s[1..] switch
            {
                "f2" => ArrayDType.Float16,
                "f4" => ArrayDType.Float32,
                "f8" => ArrayDType.Float64,
                _ => null,
            };
            if (type is ArrayDType t) return (t, big);
            if (s[1..] == "V2")
                throw new PidInputException($"{path}: unsupported dtype '{s}' (raw 2-byte values; bfloat16 saved by ml_dtypes looks like this but cannot be told apart). Save as float32 or use .safetensors.");
        }
        throw new PidInputException($"{path}: unsupported dtype '{s}'; supported: float16 '<f2', float32 '<f4', float64 '<f8'.");
    }
}

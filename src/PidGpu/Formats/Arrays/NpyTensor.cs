using System.Buffers.Binary;
using System.Globalization;

namespace PidGpu.Formats.Arrays;

/// <summary>
/// A whole <c>.npy</c> array of any rank read into doubles, without the float32 conversion of the streamed matrix
/// readers: for inputs that are small but must keep every bit (a batch of joint tables, a covariance matrix).
/// </summary>
internal sealed class NpyTensor
{
    public long[] Shape { get; }
    /// <summary>Elements in C (row-major) order.</summary>
    public double[] Data { get; }
    public string Source { get; }

    NpyTensor(string source, long[] shape, double[] data) { Source = source; Shape = shape; Data = data; }

    /// <summary>Reads an array of rank 1..<paramref name="maxRank"/> with at most <paramref name="maxElements"/> elements.</summary>
    /// <exception cref="PidInputException">Anything <see cref="NpyReader"/> rejects, or more elements than allowed.</exception>
    public static NpyTensor Read(string path, int maxRank, long maxElements)
    {
        using var stream = ArrayFile.OpenRead(path);
        var h = NpyReader.ReadTensorHeader(stream, path, maxRank);
        long count = h.Shape.Aggregate(1L, (a, n) => a * n); // the header check already ruled out overflow
        if (count > maxElements)
            throw new PidInputException(string.Create(CultureInfo.InvariantCulture,
                $"{path}: shape ({string.Join(", ", h.Shape)}) holds {count} values; at most {maxElements} are accepted here."));
        int size = h.DType.ItemSize();
        var bytes = ArrayFile.ReadBytes(stream, h.DataOffset, checked((int)(count * size)), path);
        var data = new double[count];
        var src = bytes.AsSpan();
        for (int i = 0; i < data.Length; i++)
            data[i] = h.DType switch
            {
                ArrayDType.Float64 => h.BigEndian ? BinaryPrimitives.ReadDoubleBigEndian(src[(8 * i)..]) : BinaryPrimitives.ReadDoubleLittleEndian(src[(8 * i)..]),
                ArrayDType.Float32 => h.BigEndian ? BinaryPrimitives.ReadSingleBigEndian(src[(4 * i)..]) : BinaryPrimitives.ReadSingleLittleEndian(src[(4 * i)..]),
                _ => (double)BitConverter.UInt16BitsToHalf(h.BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(src[(2 * i)..]) : BinaryPrimitives.ReadUInt16LittleEndian(src[(2 * i)..])),
            };
        return new NpyTensor(path, h.Shape, data);
    }
}

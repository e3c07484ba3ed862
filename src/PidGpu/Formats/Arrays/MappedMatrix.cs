using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;

namespace PidGpu.Formats.Arrays;

/// <summary>
/// A row-major matrix in a memory-mapped region of a file. Only the data region is mapped, read-only;
/// the operating system pages it in as rows are read, so the file may be larger than memory.
/// </summary>
public sealed unsafe class MappedMatrix : IMatrixSource
{
    /// <summary>Values converted per inner step, so byte counts stay within int.</summary>
    const int Step = 1 << 20;

    readonly MemoryMappedFile file;
    readonly MemoryMappedViewAccessor view;
    readonly byte* data;
    readonly bool bigEndian;
    bool disposed;

    public string Source { get; }
    public long Rows { get; }
    public int Columns { get; }
    public ArrayDType DType { get; }

    /// <summary>Byte offset of the first element in the file.</summary>
    public long DataOffset { get; }

    /// <summary>Maps <paramref name="stream"/> and takes ownership of it (it is disposed on failure too).</summary>
    internal MappedMatrix(FileStream stream, string source, long dataOffset, long rows, int columns, ArrayDType dtype, bool bigEndian)
    {
        Source = source;
        Rows = rows;
        Columns = columns;
        DType = dtype;
        DataOffset = dataOffset;
        this.bigEndian = bigEndian;
        long bytes = rows * columns * dtype.ItemSize(); // callers checked for overflow and that it lies within the file
        try
        {
            file = MemoryMappedFile.CreateFromFile(stream, mapName: null, capacity: 0,
                MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            stream.Dispose();
            throw new PidInputException($"{source}: cannot memory-map the file ({ex.Message}).", ex);
        }
        try
        {
            view = file.CreateViewAccessor(dataOffset, bytes, MemoryMappedFileAccess.Read);
            byte* p = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
            data = p + view.PointerOffset;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            view?.Dispose();
            file.Dispose();
            throw new PidInputException($"{source}: cannot memory-map the data ({ex.Message}).", ex);
        }
    }

    public void ReadRows(long firstRow, Span<float> destination)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (destination.Length % Columns != 0)
            throw new ArgumentException($"destination holds {destination.Length} values, not a whole number of {Columns}-column rows.", nameof(destination));
        long rows = destination.Length / Columns;
        if (firstRow < 0 || firstRow > Rows - rows)
            throw new ArgumentOutOfRangeException(nameof(firstRow), $"rows {firstRow}..{firstRow + rows - 1} are outside the {Rows} rows of {Source}.");

        int size = DType.ItemSize();
        byte* src = data + firstRow * Columns * size;
        for (int done = 0; done < destination.Length; done += Step)
        {
            int n = Math.Min(Step, destination.Length - done);
            Convert(new ReadOnlySpan<byte>(src + (long)done * size, n * size), destination.Slice(done, n));
        }
    }

    void Convert(ReadOnlySpan<byte> src, Span<float> dst)
    {
        switch (DType)
        {
            case ArrayDType.Float32 when bigEndian == !BitConverter.IsLittleEndian:
                src.CopyTo(MemoryMarshal.AsBytes(dst)); // native order: a plain copy, alignment-free
                break;
            case ArrayDType.Float32:
                for (int i = 0; i < dst.Length; i++)
                    dst[i] = bigEndian ? BinaryPrimitives.ReadSingleBigEndian(src[(4 * i)..]) : BinaryPrimitives.ReadSingleLittleEndian(src[(4 * i)..]);
                break;
            case ArrayDType.Float64:
                for (int i = 0; i < dst.Length; i++)
                    dst[i] = (float)(bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(src[(8 * i)..]) : BinaryPrimitives.ReadDoubleLittleEndian(src[(8 * i)..]));
                break;
            case ArrayDType.Float16:
                for (int i = 0; i < dst.Length; i++)
                    dst[i] = (float)BitConverter.UInt16BitsToHalf(Bits16(src, i));
                break;
            case ArrayDType.BFloat16:
                for (int i = 0; i < dst.Length; i++)
                    dst[i] = BitConverter.Int32BitsToSingle(Bits16(src, i) << 16);
                break;
            default:
                throw new InvalidOperationException($"unhandled dtype {DType}");
        }
    }

    ushort Bits16(ReadOnlySpan<byte> src, int i)
        => bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(src[(2 * i)..]) : BinaryPrimitives.ReadUInt16LittleEndian(src[(2 * i)..]);

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        view.SafeMemoryMappedViewHandle.ReleasePointer();
        view.Dispose();
        file.Dispose();
    }
}

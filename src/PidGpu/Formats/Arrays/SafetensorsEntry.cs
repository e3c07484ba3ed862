namespace PidGpu.Formats.Arrays;

/// <summary>One tensor to write: its name, dtype, shape, and a callback that writes exactly its little-endian bytes.</summary>
/// <param name="WriteData">Called once, in file order, so a caller can stream one tensor at a time.</param>
public sealed record SafetensorsEntry(string Name, ArrayDType DType, long[] Shape, Action<Stream> WriteData)
{
    public long ByteCount => Shape.Aggregate(1L, (a, d) => checked(a * d)) * DType.ItemSize();
}

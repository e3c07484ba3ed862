namespace PidGpu.Formats.Arrays;

/// <summary>Rows <see cref="First"/> … <see cref="First"/> + <see cref="Rows"/> − 1 of a matrix, row-major in the first
/// <see cref="Length"/> floats of a buffer that <see cref="RowChunks.Read"/> reuses for the next chunk.</summary>
internal readonly record struct RowChunk(long First, int Rows, float[] Buffer, int Length)
{
    public Span<float> Values => Buffer.AsSpan(0, Length);
}

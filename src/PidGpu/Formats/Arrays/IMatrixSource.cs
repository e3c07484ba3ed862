namespace PidGpu.Formats.Arrays;

/// <summary>
/// A read-only [Rows × Columns] matrix stored row-major in a file (an activation array X1, X2 or Y),
/// read in row chunks and converted to float32 so files larger than memory can be streamed.
/// Values are returned as stored: NaN and infinities are <em>not</em> rejected here
/// (see <see cref="MatrixSourceExtensions.FindFirstNonFinite"/>).
/// Concurrent reads are safe; reading during or after <see cref="IDisposable.Dispose"/> is not.
/// </summary>
public interface IMatrixSource : IDisposable
{
    /// <summary>Name for messages: the file, plus ":tensor" for safetensors.</summary>
    string Source { get; }

    /// <summary>N, the number of samples. A 1-D array of length N is N × 1.</summary>
    long Rows { get; }

    /// <summary>d, the number of features per sample.</summary>
    int Columns { get; }

    /// <summary>The element type in the file.</summary>
    ArrayDType DType { get; }

    /// <summary>
    /// Reads <c>destination.Length / Columns</c> whole rows starting at <paramref name="firstRow"/>,
    /// row-major, converting to float32.
    /// </summary>
    /// <exception cref="ArgumentException">destination is not a whole number of rows.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The rows run outside [0, Rows).</exception>
    void ReadRows(long firstRow, Span<float> destination);
}

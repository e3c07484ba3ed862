namespace PidGpu.Device;

/// <summary>
/// Bytes moved between host and device through <see cref="PidDevice"/>'s copy helpers (every copy on the Gaussian PID Flow
/// routes goes through them), so a test or a benchmark can see what a stage really moves. Thread-safe; counts only grow
/// until <see cref="Reset"/>.
/// </summary>
public sealed class TransferLedger
{
    long uploadedBytes, downloadedBytes, uploads, downloads;

    /// <summary>Bytes copied host → device.</summary>
    public long UploadedBytes => Interlocked.Read(ref uploadedBytes);

    /// <summary>Bytes copied device → host.</summary>
    public long DownloadedBytes => Interlocked.Read(ref downloadedBytes);

    /// <summary>Host → device copies.</summary>
    public long Uploads => Interlocked.Read(ref uploads);

    /// <summary>Device → host copies.</summary>
    public long Downloads => Interlocked.Read(ref downloads);

    /// <summary>Starts counting from zero (e.g. before one layer).</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref uploadedBytes, 0);
        Interlocked.Exchange(ref downloadedBytes, 0);
        Interlocked.Exchange(ref uploads, 0);
        Interlocked.Exchange(ref downloads, 0);
    }

    internal void Uploaded(long bytes)
    {
        Interlocked.Add(ref uploadedBytes, bytes);
        Interlocked.Increment(ref uploads);
    }

    internal void Downloaded(long bytes)
    {
        Interlocked.Add(ref downloadedBytes, bytes);
        Interlocked.Increment(ref downloads);
    }
}

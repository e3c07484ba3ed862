using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using PidGpu.Models.Analysis;

namespace PidGpu.Models.Capture;

/// <summary>
/// A capture's states on disk while it runs, so that its memory does not grow with N × (L+1) × d: each kept sample is appended
/// as it comes, as one row of <c>rows.f32</c> (F32: Y, then X_V of layers 0..L, then X_L of layers 0..L) and one line of
/// <c>samples.jsonl</c>. Memory keeps only Y and the sample list. <see cref="WriteStates"/> then writes the layer-major
/// <c>states.safetensors</c> one d-wide block at a time. A checkpoint is a <see cref="Mark"/>: <see cref="Open"/> cuts both files
/// back to it, dropping whatever a killed run appended after it.
/// </summary>
public sealed class StatesSpill : IDisposable
{
    const string RowsFile = "rows.f32";
    const string SamplesFile = "samples.jsonl";
    /// <summary>Bytes gathered before each write of <see cref="WriteStates"/>.</summary>
    const int CopyBytes = 1 << 20;

    readonly FileStream rows, samples;
    readonly List<float> target = [];
    readonly List<CapturedSample> kept = [];
    readonly int layers, d;

    StatesSpill(string folder, int layers, int hiddenSize, FileStream rows, FileStream samples)
    {
        Folder = folder;
        this.layers = layers;
        d = hiddenSize;
        this.rows = rows;
        this.samples = samples;
    }

    public string Folder { get; }

    /// <summary>Samples appended (kept) so far.</summary>
    public int Rows => kept.Count;

    public IReadOnlyList<CapturedSample> Samples => kept;

    long RowBytes => 4L * (1 + 2L * layers * d);

    /// <summary>Opens the spill in <paramref name="folder"/> cut back to <paramref name="mark"/>; <see cref="SpillMark.Empty"/> starts afresh.</summary>
    /// <exception cref="PidInputException">The folder cannot be made, or its files are shorter than the mark or do not parse.</exception>
    public static StatesSpill Open(string folder, int layers, int hiddenSize, SpillMark mark)
    {
        if (layers < 1 || hiddenSize < 1) throw new ArgumentException($"a spill needs layers and columns, got {layers} × {hiddenSize}");
        string rowsPath = Path.Combine(folder, RowsFile), samplesPath = Path.Combine(folder, SamplesFile);
        long rowBytes = 4L * (1 + 2L * layers * hiddenSize);
        if (mark.Rows > 0 && (Length(rowsPath) < mark.Rows * rowBytes || Length(samplesPath) < mark.SampleBytes))
            throw CheckpointSettings.Unusable($"{folder}: the checkpoint's states are missing or shorter than its {mark.Rows} rows");
        FileStream? r = null, s = null;
        try
        {
            Directory.CreateDirectory(folder);
            r = new FileStream(rowsPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1 << 16);
            s = new FileStream(samplesPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1 << 12);
            r.SetLength(mark.Rows * rowBytes);
            s.SetLength(mark.Rows > 0 ? mark.SampleBytes : 0);
            r.Seek(0, SeekOrigin.End);
            s.Seek(0, SeekOrigin.End);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            r?.Dispose();
            s?.Dispose();
            throw new PidInputException($"{folder}: cannot write the capture's states there ({e.Message}).", e);
        }
        var spill = new StatesSpill(folder, layers, hiddenSize, r, s);
        try { spill.Restore(samplesPath, mark.Rows); }
        catch { spill.Dispose(); throw; }
        return spill;
    }

    static long Length(string path) => File.Exists(path) ? new FileInfo(path).Length : -1;

    /// <summary>Reads back the kept rows' samples and Y after a resume.</summary>
    void Restore(string samplesPath, int count)
    {
        if (count == 0) return;
        var bytes = new byte[samples.Length];
        RandomAccess.Read(samples.SafeFileHandle, bytes, 0);
        kept.AddRange(CapturedStates.ReadSamples(samplesPath, Encoding.UTF8.GetString(bytes)));
        if (kept.Count != count)
            throw CheckpointSettings.Unusable($"{samplesPath}: {kept.Count} samples where the checkpoint says {count}");
        Span<byte> y = stackalloc byte[4];
        for (int i = 0; i < count; i++)
        {
            ReadExactly(y, i * RowBytes);
            target.Add(MemoryMarshal.Read<float>(y));
        }
    }

    /// <summary>Appends one kept sample: its Y and its pooled regions, each [(L+1)·d] layer after layer.</summary>
    public void Append(CapturedSample sample, float y, ReadOnlySpan<float> vision, ReadOnlySpan<float> language)
    {
        if (vision.Length != layers * d || language.Length != layers * d)
            throw new ArgumentException($"a row holds {layers} layers × {d} values per region, got {vision.Length} and {language.Length}");
        rows.Write(MemoryMarshal.AsBytes(new ReadOnlySpan<float>(in y)));
        rows.Write(MemoryMarshal.AsBytes(vision));
        rows.Write(MemoryMarshal.AsBytes(language));
        samples.Write(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(sample) + "\n"));
        target.Add(y);
        kept.Add(sample);
    }

    /// <summary>Flushes both files to disk and says how far they are good, for a checkpoint.</summary>
    public SpillMark Mark()
    {
        rows.Flush(flushToDisk: true);
        samples.Flush(flushToDisk: true);
        return new SpillMark(Rows, samples.Length);
    }

    /// <summary>
    /// Writes <c>states.safetensors</c> and <c>samples.jsonl</c> into <paramref name="directory"/> (see <see cref="CapturedStates"/>)
    /// and opens them. Each layer of each region is gathered from the rows one sample's d values at a time.
    /// </summary>
    public CapturedStates WriteStates(string directory, CaptureInfo info)
    {
        rows.Flush();
        int block = d * 4, perWrite = Math.Max(1, CopyBytes / block);
        var buffer = new byte[(long)Math.Min(perWrite, Math.Max(1, Rows)) * block];
        CapturedStates.Write(directory, layers, d, target.ToArray(), kept, info, (output, region, layer) => CopyLayer(output, region, layer, buffer));
        return CapturedStates.Load(directory);
    }

    /// <summary>Writes one layer of one region, N·d values, gathering each sample's block from its row through <paramref name="buffer"/>.</summary>
    void CopyLayer(Stream output, StateRegion region, int layer, byte[] buffer)
    {
        int block = d * 4, perWrite = buffer.Length / block;
        long offset = 4L * (1 + (long)((region == StateRegion.Language ? layers : 0) + layer) * d);
        for (int first = 0; first < Rows; first += perWrite)
        {
            int count = Math.Min(perWrite, Rows - first);
            for (int i = 0; i < count; i++) ReadExactly(buffer.AsSpan(i * block, block), (first + i) * RowBytes + offset);
            output.Write(buffer, 0, count * block);
        }
    }

    void ReadExactly(Span<byte> into, long offset)
    {
        for (int read = 0; read < into.Length;)
        {
            int n = RandomAccess.Read(rows.SafeFileHandle, into[read..], offset + read);
            if (n == 0) throw new PidInputException($"{Path.Combine(Folder, RowsFile)}: ends early at byte {offset + read} (changed while the capture ran?).");
            read += n;
        }
    }

    public void Dispose()
    {
        rows.Dispose();
        samples.Dispose();
    }

    /// <summary>Removes a spill folder once its states are written (nothing when it is gone already).</summary>
    public static void Delete(string folder)
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }
}

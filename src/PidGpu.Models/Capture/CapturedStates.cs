using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using PidGpu.Formats.Arrays;
using PidGpu.Models.Llava;

namespace PidGpu.Models.Capture;

/// <summary>
/// The captured states of N question samples, the hand-over from <c>pidgpu capture</c> to <c>analyze --states</c>. In a folder:
/// <c>states.safetensors</c> with F32 <c>x_v</c> and <c>x_l</c> [L+1, N, d] (layer ℓ in Hugging Face <c>output_hidden_states</c>
/// order: 0 the embeddings, L after the final norm; each the pooled image or question region) and <c>y</c> [N] (the gold
/// answer's first-token logit at the last position), and <c>samples.jsonl</c>, row i of the arrays (<see cref="CapturedSample"/>).
/// The header's metadata keeps the model, pooling, answer filter and per-task accuracy.
/// <para>
/// A view over the file, not a copy: <see cref="Load"/> reads the header, Y and the samples (O(N)); each
/// <see cref="ReadLayer"/> reads one layer's rows from the file (positioned reads, not a mapping, so the pages read count
/// towards the page cache and not towards the process's resident memory). Memory thus holds one layer, never all L+1.
/// </para>
/// </summary>
public sealed class CapturedStates : ILayerStates, IDisposable
{
    public const string StatesFile = "states.safetensors";
    public const string SamplesFile = "samples.jsonl";

    /// <summary>The <see cref="PidInputException.Setting"/> of a missing capture folder: the folder a run from states reads.</summary>
    public const string FolderSetting = nameof(Analysis.CapturedStatesSource) + "." + nameof(Analysis.CapturedStatesSource.Folder);
    const string Format = "pidgpu-states";
    // samples.jsonl's SHA-256 in the states' metadata: the pair is written as two renames, so a reader checks they belong together.
    const string SamplesHashKey = "samples_sha256";
    /// <summary>Bytes per positioned read (whole runs of consecutive rows up to this).</summary>
    const int ReadBytes = 1 << 24;

    readonly SafeFileHandle file;
    readonly long visionStart, languageStart;

    CapturedStates(string path, SafeFileHandle file, int layers, int hiddenSize, long visionStart, long languageStart, float[] target,
        IReadOnlyList<CapturedSample> samples, CaptureInfo info)
    {
        Path = path;
        this.file = file;
        LayerCount = layers;
        HiddenSize = hiddenSize;
        this.visionStart = visionStart;
        this.languageStart = languageStart;
        Target = target;
        Samples = samples;
        Info = info;
    }

    /// <summary>The states file read.</summary>
    public string Path { get; }

    /// <summary>d.</summary>
    public int HiddenSize { get; }

    /// <summary>L + 1.</summary>
    public int LayerCount { get; }

    /// <summary>Y, [N].</summary>
    public float[] Target { get; }

    public IReadOnlyList<CapturedSample> Samples { get; }

    public CaptureInfo Info { get; }

    /// <summary>X_V or X_L of one layer, [rows, d] row-major: the given rows (indices into <see cref="Samples"/>), or all N.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A layer or row outside the states.</exception>
    public float[] ReadLayer(int layer, StateRegion region, IReadOnlyList<int>? rows = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(layer, LayerCount);
        int n = Samples.Count, d = HiddenSize, count = rows?.Count ?? n;
        long rowBytes = 4L * d, start = (region == StateRegion.Vision ? visionStart : languageStart) + (long)layer * n * rowBytes;
        int maxRun = (int)Math.Max(1, ReadBytes / rowBytes);
        var result = new float[(long)count * d];
        for (int i = 0; i < count;)
        {
            int first = rows?[i] ?? i, run = 1;
            if ((uint)first >= (uint)n) throw new ArgumentOutOfRangeException(nameof(rows), $"row {first} is outside the {n} samples");
            while (run < maxRun && i + run < count && (rows?[i + run] ?? i + run) == first + run) run++;
            Read(MemoryMarshal.AsBytes(result.AsSpan(i * d, run * d)), start + first * rowBytes);
            i += run;
        }
        return result;
    }

    void Read(Span<byte> into, long offset)
    {
        for (int read = 0; read < into.Length;)
        {
            int got = RandomAccess.Read(file, into[read..], offset + read);
            if (got == 0) throw new PidInputException($"{Path}: ends early at byte {offset + read} (truncated or changed while reading).");
            read += got;
        }
    }

    public void Dispose() => file.Dispose();

    /// <summary>
    /// Writes both files into <paramref name="directory"/> (created if missing), each through a temporary file and a rename.
    /// <paramref name="writeLayer"/> writes one layer of one region, N·d F32 values, so no caller needs every layer at once.
    /// </summary>
    internal static void Write(string directory, int layers, int hiddenSize, float[] target, IReadOnlyList<CapturedSample> samples,
        CaptureInfo info, Action<Stream, StateRegion, int> writeLayer)
    {
        try { Directory.CreateDirectory(directory); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new PidInputException($"{directory}: cannot create the folder ({e.Message}).", e);
        }
        string states = System.IO.Path.Combine(directory, StatesFile), temp = System.IO.Path.Combine(directory, $".{StatesFile}.{Guid.NewGuid():N}.tmp");
        long n = samples.Count;
        var lines = new StringBuilder();
        foreach (var sample in samples) lines.Append(JsonSerializer.Serialize(sample)).Append('\n');
        string text = lines.ToString();
        var metadata = info.ToMetadata(Format);
        metadata[SamplesHashKey] = Hash(text);
        void Layers(Stream s, StateRegion region)
        {
            for (int l = 0; l < layers; l++) writeLayer(s, region, l);
        }
        try
        {
            SafetensorsWriter.Write(temp,
            [
                new("x_v", ArrayDType.Float32, [layers, n, hiddenSize], s => Layers(s, StateRegion.Vision)),
                new("x_l", ArrayDType.Float32, [layers, n, hiddenSize], s => Layers(s, StateRegion.Language)),
                new("y", ArrayDType.Float32, [n], s => s.Write(MemoryMarshal.AsBytes(target.AsSpan()))),
            ], metadata);
            Formats.AtomicFile.WriteAllText(System.IO.Path.Combine(directory, SamplesFile), text);
            File.Move(temp, states, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PidInputException($"{states}: cannot write ({e.Message}).", e);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Opens a capture folder: checks it and reads its samples and Y; the layers stay in the file until read.</summary>
    /// <exception cref="PidInputException">A missing file, another format, a tensor of the wrong dtype or shape, or samples.jsonl
    /// not matching the arrays' N.</exception>
    public static CapturedStates Load(string directory)
    {
        if (!Directory.Exists(directory))
            throw new PidInputException($"captured states {directory}: no such directory.") { Setting = FolderSetting, Problem = $"{directory}: no such directory." };
        string path = System.IO.Path.Combine(directory, StatesFile);
        if (!File.Exists(path)) throw new PidInputException($"{path}: no {StatesFile} (made by pidgpu capture) in {directory}.");
        string samplesPath = System.IO.Path.Combine(directory, SamplesFile);
        if (!File.Exists(samplesPath)) throw new PidInputException($"{samplesPath}: no {SamplesFile} beside {StatesFile}.");
        string text = File.ReadAllText(samplesPath);
        var samples = ReadSamples(samplesPath, text);
        SafetensorsTensorInfo xv, xl, y;
        Dictionary<string, string> metadata;
        long dataStart;
        using (var mapped = new SafetensorsMappedFile(path)) // checks the layout; only the header is touched
        {
            metadata = mapped.StringMetadata();
            dataStart = mapped.DataStart;
            xv = Tensor(mapped, "x_v", 3);
            xl = Tensor(mapped, "x_l", 3);
            y = Tensor(mapped, "y", 1);
        }
        var info = CaptureInfo.FromMetadata(metadata, path, Format);
        if (metadata.TryGetValue(SamplesHashKey, out var hash) && hash != Hash(text))
            throw new PidInputException($"{samplesPath} is not the {SamplesFile} that {path} was written with (an interrupted or mixed capture?).");
        if (!xv.Shape.SequenceEqual(xl.Shape))
            throw new PidInputException($"{path}: x_v {xv.ShapeText} and x_l {xl.ShapeText} differ in shape.");
        if (xv.Shape[1] != samples.Count || y.Shape[0] != samples.Count)
            throw new PidInputException($"{path}: x_v {xv.ShapeText} and y {y.ShapeText} do not hold the {samples.Count} samples of {SamplesFile}.");
        if (xv.Shape[0] < 1 || xv.Shape[2] < 1)
            throw new PidInputException($"{path}: x_v {xv.ShapeText} has no layers or no columns.");
        // With no samples the byte count is 0 whatever the other dimensions claim.
        if (xv.Shape[0] > int.MaxValue || xv.Shape[2] > int.MaxValue)
            throw new PidInputException($"{path}: x_v {xv.ShapeText} has more layers or columns than a capture can hold.");
        int layers = (int)xv.Shape[0], d = (int)xv.Shape[2];
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        var target = new float[samples.Count];
        var states = new CapturedStates(path, handle, layers, d, dataStart + xv.Begin, dataStart + xl.Begin, target, samples, info);
        try { states.Read(MemoryMarshal.AsBytes(target.AsSpan()), dataStart + y.Begin); }
        catch { states.Dispose(); throw; }
        return states;
    }

    static SafetensorsTensorInfo Tensor(SafetensorsMappedFile file, string name, int rank)
    {
        if (!file.Tensors.TryGetValue(name, out var t))
            throw new PidInputException($"{file.Path}: no tensor '{name}'.");
        if (t.DType != "F32")
            throw new PidInputException($"{file.Path}:{name}: dtype {t.DType}, expected F32.");
        if (t.Shape.Length != rank || ByteCount(t.Shape) != t.End - t.Begin)
            throw new PidInputException($"{file.Path}:{name}: shape {t.ShapeText} with {t.End - t.Begin} bytes is not a {rank}-D F32 tensor.");
        return t;
    }

    /// <summary>An F32 tensor's bytes; null when the count overflows (a shape that no file can hold).</summary>
    static long? ByteCount(long[] shape)
    {
        try { return checked(shape.Aggregate(4L, (a, b) => a * b)); }
        catch (OverflowException) { return null; }
    }

    static string Hash(string text) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    internal static List<CapturedSample> ReadSamples(string path, string text)
    {
        var samples = new List<CapturedSample>();
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            CapturedSample? s;
            try { s = JsonSerializer.Deserialize<CapturedSample>(lines[i]); }
            catch (JsonException e) { throw new PidInputException($"{path} line {i + 1}: not a sample ({e.Message}).", e); }
            if (s is null || string.IsNullOrEmpty(s.Id) || string.IsNullOrEmpty(s.Task) || s.Answer is null)
                throw new PidInputException($"{path} line {i + 1}: a sample needs id, task and answer.");
            samples.Add(s);
        }
        return samples;
    }
}

using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using PidGpu.Formats.Arrays;
using PidGpu.Models.Llava;

namespace PidGpu.Models.Capture;

/// <summary>
/// The captured states of N question samples, the hand-over from <c>pidgpu capture</c> to <c>analyze --states</c>. In a folder:
/// <c>states.safetensors</c> with F32 <c>x_v</c> and <c>x_l</c> [L+1, N, d] (layer ℓ in Hugging Face <c>output_hidden_states</c>
/// order: 0 the embeddings, L after the final norm; each the pooled image or question region) and <c>y</c> [N] (the gold
/// answer's first-token logit at the last position), and <c>samples.jsonl</c>, row i of the arrays (<see cref="CapturedSample"/>).
/// The header's metadata keeps the model, pooling, answer filter and per-task accuracy.
/// </summary>
public sealed class CapturedStates
{
    public const string StatesFile = "states.safetensors";
    public const string SamplesFile = "samples.jsonl";
    const string Format = "pidgpu-states";
    // samples.jsonl's SHA-256 in the states' metadata: the pair is written as two renames, so a reader checks they belong together.
    const string SamplesHashKey = "samples_sha256";

    public CapturedStates(int hiddenSize, float[][] vision, float[][] language, float[] target, IReadOnlyList<CapturedSample> samples,
        CaptureInfo info)
    {
        int n = samples.Count;
        if (vision.Length == 0 || vision.Length != language.Length || target.Length != n
            || vision.Concat(language).Any(l => l.Length != (long)n * hiddenSize))
            throw new ArgumentException($"captured arrays disagree with {n} samples of width {hiddenSize}");
        HiddenSize = hiddenSize;
        Vision = vision;
        Language = language;
        Target = target;
        Samples = samples;
        Info = info;
    }

    /// <summary>d.</summary>
    public int HiddenSize { get; }

    /// <summary>L + 1.</summary>
    public int LayerCount => Vision.Length;

    /// <summary>X_V per layer, [N, d] row-major.</summary>
    public float[][] Vision { get; }

    /// <summary>X_L per layer, [N, d] row-major.</summary>
    public float[][] Language { get; }

    /// <summary>Y, [N].</summary>
    public float[] Target { get; }

    public IReadOnlyList<CapturedSample> Samples { get; }

    public CaptureInfo Info { get; }

    /// <summary>Writes both files into <paramref name="directory"/> (created if missing), each through a temporary file and a rename.</summary>
    public void Save(string directory)
    {
        try { Directory.CreateDirectory(directory); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new PidInputException($"{directory}: cannot create the folder ({e.Message}).", e);
        }
        string states = Path.Combine(directory, StatesFile), temp = Path.Combine(directory, $".{StatesFile}.{Guid.NewGuid():N}.tmp");
        long n = Samples.Count;
        var lines = new StringBuilder();
        foreach (var sample in Samples) lines.Append(JsonSerializer.Serialize(sample)).Append('\n');
        string text = lines.ToString();
        var metadata = Info.ToMetadata(Format);
        metadata[SamplesHashKey] = Hash(text);
        try
        {
            SafetensorsWriter.Write(temp,
            [
                new("x_v", ArrayDType.Float32, [LayerCount, n, HiddenSize], s => WriteLayers(s, Vision)),
                new("x_l", ArrayDType.Float32, [LayerCount, n, HiddenSize], s => WriteLayers(s, Language)),
                new("y", ArrayDType.Float32, [n], s => s.Write(MemoryMarshal.AsBytes(Target.AsSpan()))),
            ], metadata);
            Formats.AtomicFile.WriteAllText(Path.Combine(directory, SamplesFile), text);
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

    static void WriteLayers(Stream stream, float[][] layers)
    {
        foreach (var layer in layers) stream.Write(MemoryMarshal.AsBytes(layer.AsSpan()));
    }

    /// <summary>Reads a capture folder.</summary>
    /// <exception cref="PidInputException">A missing file, another format, a tensor of the wrong dtype or shape, or samples.jsonl
    /// not matching the arrays' N.</exception>
    public static CapturedStates Load(string directory)
    {
        if (!Directory.Exists(directory)) throw new PidInputException($"--states {directory}: no such directory.");
        string path = Path.Combine(directory, StatesFile);
        if (!File.Exists(path)) throw new PidInputException($"{path}: no {StatesFile} (made by pidgpu capture) in {directory}.");
        string samplesPath = Path.Combine(directory, SamplesFile);
        if (!File.Exists(samplesPath)) throw new PidInputException($"{samplesPath}: no {SamplesFile} beside {StatesFile}.");
        string text = File.ReadAllText(samplesPath);
        var samples = ReadSamples(samplesPath, text);
        using var file = new SafetensorsMappedFile(path);
        var metadata = ReadMetadata(path);
        var info = CaptureInfo.FromMetadata(metadata, path, Format);
        if (metadata.TryGetValue(SamplesHashKey, out var hash) && hash != Hash(text))
            throw new PidInputException($"{samplesPath} is not the {SamplesFile} that {path} was written with (an interrupted or mixed capture?).");
        var xv = Tensor(file, "x_v", 3);
        var xl = Tensor(file, "x_l", 3);
        var y = Tensor(file, "y", 1);
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
        return new CapturedStates(d, Layers(file, xv, layers), Layers(file, xl, layers), Floats(file, y, 0, samples.Count), samples, info);
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

    static float[][] Layers(SafetensorsMappedFile file, SafetensorsTensorInfo t, int layers)
    {
        int size = checked((int)(t.Shape[1] * t.Shape[2]));
        return Enumerable.Range(0, layers).Select(l => Floats(file, t, (long)l * size, size)).ToArray();
    }

    static float[] Floats(SafetensorsMappedFile file, SafetensorsTensorInfo t, long first, int count) =>
        MemoryMarshal.Cast<byte, float>(file.Bytes(t, first * 4, checked(count * 4))).ToArray();

    static Dictionary<string, string> ReadMetadata(string path)
    {
        using var stream = File.OpenRead(path);
        var length = new byte[8];
        stream.ReadExactly(length);
        var header = new byte[checked((int)BitConverter.ToUInt64(length))]; // bounds checked by SafetensorsMappedFile
        stream.ReadExactly(header);
        using var doc = JsonDocument.Parse(header);
        var result = new Dictionary<string, string>();
        try
        {
            if (doc.RootElement.TryGetProperty("__metadata__", out var m) && m.ValueKind == JsonValueKind.Object)
                foreach (var p in m.EnumerateObject())
                    if (p.Value.ValueKind == JsonValueKind.String) result[p.Name] = p.Value.GetString()!;
        }
        catch (InvalidOperationException e) // System.Text.Json cannot read invalid UTF-8 or an unpaired surrogate escape as a string
        {
            throw new PidInputException($"{path}: malformed safetensors metadata: a name or string is not valid text ({e.Message}).", e);
        }
        return result;
    }

    static string Hash(string text) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    static List<CapturedSample> ReadSamples(string path, string text)
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

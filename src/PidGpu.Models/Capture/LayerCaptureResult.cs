using PidGpu.Formats.Arrays;
using PidGpu.Inputs.Scenes;

namespace PidGpu.Models.Capture;

/// <summary>
/// Captured activations of N samples, as plain row-major float arrays (what the PID kernels take). Layer ℓ = 0..L in Hugging
/// Face <c>hidden_states</c> order: 0 = the decoder input (projected image features merged into the token embeddings), ℓ = the
/// output of block ℓ, L after the final RMSNorm. Empty layer arrays when the capture read answers only.
/// </summary>
public sealed class LayerCaptureResult : ILayerStates
{
    internal LayerCaptureResult(int samples, int hiddenSize, float[][] vision, float[][] language, float[][] final,
        float[] target, float[] answerLogits, string[] predicted, bool[] correct, SceneTaskKind[] tasks)
    {
        Samples = samples;
        HiddenSize = hiddenSize;
        Vision = vision;
        Language = language;
        Final = final;
        Target = target;
        AnswerLogits = answerLogits;
        Predicted = predicted;
        Correct = correct;
        Tasks = tasks;
    }

    public int Samples { get; }

    /// <summary>Seconds in the model's forward passes (answers included).</summary>
    public double ForwardSeconds { get; init; }

    /// <summary>Seconds pooling the hidden states and copying them out of LibTorch.</summary>
    public double CaptureSeconds { get; init; }

    /// <summary>d: columns of every layer matrix.</summary>
    public int HiddenSize { get; }

    /// <summary>Number of layer states (L + 1).</summary>
    public int LayerCount => Vision.Length;

    /// <summary>X_V per layer: [N, d] row-major, the mean over the image-token positions.</summary>
    public float[][] Vision { get; }

    /// <summary>X_L per layer: [N, d] row-major, the mean over the question's own tokens (not the template's).</summary>
    public float[][] Language { get; }

    /// <summary>Per layer: [N, d] row-major, the state at the last prompt position.</summary>
    public float[][] Final { get; }

    /// <summary>Y: the pre-softmax logit of the gold answer's token at the last position, [N].</summary>
    public float[] Target { get; }

    /// <summary>[N, |answer vocabulary|] row-major logits, columns in <see cref="SceneTaskSuite.AnswerVocabulary"/> order.</summary>
    public float[] AnswerLogits { get; }

    /// <summary>The argmax over the answer vocabulary.</summary>
    public string[] Predicted { get; }

    public bool[] Correct { get; }

    public SceneTaskKind[] Tasks { get; }

    /// <summary>A copy of one layer's rows, as a states file gives them (<see cref="ILayerStates"/>).</summary>
    public float[] ReadLayer(int layer, StateRegion region, IReadOnlyList<int>? rows = null)
    {
        var matrix = region == StateRegion.Vision ? Vision[layer] : Language[layer];
        int d = HiddenSize, count = rows?.Count ?? Samples;
        var result = new float[(long)count * d];
        for (int i = 0; i < count; i++) Array.Copy(matrix, (long)(rows?[i] ?? i) * d, result, (long)i * d, d);
        return result;
    }

    /// <summary>
    /// Writes one float32 <c>.safetensors</c> file: <c>layer{ℓ}.vision</c>, <c>layer{ℓ}.language</c>, <c>layer{ℓ}.final</c> [N, d];
    /// <c>target</c> [N]; <c>correct</c> [N] (1/0); <c>task</c> [N] (<see cref="SceneTaskKind"/> as a number);
    /// <c>answer_logits</c> [N, 9]. <c>pidgpu decompose --x1 FILE:layer3.vision --x2 FILE:layer3.language --y FILE:target</c> reads it.
    /// </summary>
    public void Export(string path)
    {
        var entries = new List<SafetensorsEntry>();
        for (int l = 0; l < LayerCount; l++)
        {
            entries.Add(Matrix($"layer{l}.vision", Vision[l], HiddenSize));
            entries.Add(Matrix($"layer{l}.language", Language[l], HiddenSize));
            entries.Add(Matrix($"layer{l}.final", Final[l], HiddenSize));
        }
        entries.Add(Vector("target", Target));
        entries.Add(Vector("correct", Correct.Select(c => c ? 1f : 0f).ToArray()));
        entries.Add(Vector("task", Tasks.Select(t => (float)(int)t).ToArray()));
        entries.Add(Matrix("answer_logits", AnswerLogits, SceneTaskSuite.AnswerVocabulary.Count));
        var metadata = new Dictionary<string, string>
        {
            ["format"] = "pidgpu-capture",
            ["layers"] = LayerCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["tasks"] = string.Join(",", Enum.GetNames<SceneTaskKind>()),
            ["answers"] = string.Join(",", SceneTaskSuite.AnswerVocabulary),
        };
        SafetensorsWriter.Write(path, entries, metadata);
    }

    SafetensorsEntry Matrix(string name, float[] data, int columns) =>
        new(name, ArrayDType.Float32, [Samples, columns], s => s.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan())));

    static SafetensorsEntry Vector(string name, float[] data) =>
        new(name, ArrayDType.Float32, [data.Length], s => s.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan())));
}

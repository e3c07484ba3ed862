using PidGpu.Models.Llava;
using PidGpu.Inputs.Text;
using static TorchSharp.torch;

namespace PidGpu.Models.Capture;

/// <summary>What a question capture gathers for one condition (intact or one knockout): each kept sample's pooled regions of
/// every layer and its Y, appended to a <see cref="StatesSpill"/> on disk as it comes, and each task's accuracy over every sample
/// that went through the model.</summary>
internal sealed class ConditionStates : IDisposable
{
    readonly StatesSpill spill;
    readonly int layers, d;
    // One sample's row, reused: [(L+1)·d] per region.
    readonly float[] vision, language;

    /// <summary>Opens the condition's spill in <paramref name="folder"/>, cut back to <paramref name="mark"/>, with the counts
    /// of the questions that mark covers.</summary>
    public ConditionStates(string folder, int layers, int hiddenSize, SpillMark mark, IReadOnlyDictionary<string, TaskAccuracy> accuracy)
    {
        this.layers = layers;
        d = hiddenSize;
        vision = new float[layers * d];
        language = new float[layers * d];
        spill = StatesSpill.Open(folder, layers, hiddenSize, mark);
        foreach (var (task, a) in accuracy) Accuracy[task] = a;
    }

    public Dictionary<string, TaskAccuracy> Accuracy { get; } = new(StringComparer.Ordinal);

    public int Kept => spill.Rows;

    public string Folder => spill.Folder;

    public void Count(string task, bool correct)
    {
        var count = Accuracy.GetValueOrDefault(task, new TaskAccuracy(0, 0));
        Accuracy[task] = new TaskAccuracy(count.Samples + 1, count.Correct + (correct ? 1 : 0));
    }

    /// <summary>Keeps one sample's row: Y from the last position's logits [V], X_V and X_L pooled from every hidden state.</summary>
    public void Add(LlavaOutput output, LlavaSampleTokens tokens, CapturedSample sample, RegionPooling pooling)
    {
        float y = output.Logits[0][tokens.AnswerId].item<float>();
        for (int l = 0; l < layers; l++)
        {
            var h = output.HiddenStates![l][0].to(ScalarType.Float32);                      // [T, d]
            Pool(h, tokens.XV, pooling, vision.AsSpan(l * d, d));
            Pool(h, tokens.XL, pooling, language.AsSpan(l * d, d));
        }
        spill.Append(sample, y, vision, language);
    }

    /// <summary>Flushes the spill for a checkpoint.</summary>
    public SpillMark Mark() => spill.Mark();

    /// <summary>The finished capture: states.safetensors and samples.jsonl written into <paramref name="directory"/>, opened.</summary>
    public CapturedStates ToStates(string directory, CaptureInfo info) => spill.WriteStates(directory, info);

    public void Dispose() => spill.Dispose();

    // The region [start, end) of one sample's [T, d] states, pooled to d values.
    static void Pool(Tensor h, int[] range, RegionPooling pooling, Span<float> into)
    {
        var region = h.narrow(0, range[0], range[1] - range[0]);
        var pooled = pooling == RegionPooling.Max ? region.max(0).values : region.mean([0]);
        pooled.contiguous().data<float>().CopyTo(into);
    }
}

using PidGpu.Models.Llava;
using PidGpu.Models.Text;
using static TorchSharp.torch;

namespace PidGpu.Models.Capture;

/// <summary>What a question capture gathers for one condition (intact or one knockout): pooled regions per layer, Y, the kept
/// rows and each task's accuracy over every sample that went through the model.</summary>
internal sealed class ConditionStates(int layers)
{
    readonly List<float>[] vision = Enumerable.Range(0, layers).Select(_ => new List<float>()).ToArray();
    readonly List<float>[] language = Enumerable.Range(0, layers).Select(_ => new List<float>()).ToArray();
    readonly List<float> target = [];
    readonly List<CapturedSample> kept = [];

    public Dictionary<string, TaskAccuracy> Accuracy { get; } = new(StringComparer.Ordinal);

    public int Kept => kept.Count;

    public void Count(string task, bool correct)
    {
        var count = Accuracy.GetValueOrDefault(task, new TaskAccuracy(0, 0));
        Accuracy[task] = new TaskAccuracy(count.Samples + 1, count.Correct + (correct ? 1 : 0));
    }

    /// <summary>Keeps one sample's row: Y from the last position's logits [V], X_V and X_L pooled from every hidden state.</summary>
    public void Add(LlavaOutput output, LlavaSampleTokens tokens, CapturedSample sample, RegionPooling pooling)
    {
        target.Add(output.Logits[0][tokens.AnswerId].item<float>());
        for (int l = 0; l < vision.Length; l++)
        {
            var h = output.HiddenStates![l][0].to(ScalarType.Float32);                      // [T, d]
            vision[l].AddRange(Pool(h, tokens.XV, pooling));
            language[l].AddRange(Pool(h, tokens.XL, pooling));
        }
        kept.Add(sample);
    }

    /// <summary>Starts from a checkpoint: the rows and counts of the questions finished before a resume.</summary>
    public void Restore(CapturedStates? earlier, IReadOnlyDictionary<string, TaskAccuracy> accuracy)
    {
        foreach (var (task, a) in accuracy) Accuracy[task] = a;
        if (earlier is null) return;
        for (int l = 0; l < vision.Length; l++)
        {
            vision[l].AddRange(earlier.Vision[l]);
            language[l].AddRange(earlier.Language[l]);
        }
        target.AddRange(earlier.Target);
        kept.AddRange(earlier.Samples);
    }

    public CapturedStates ToStates(int hiddenSize, CaptureInfo info) =>
        new(hiddenSize, vision.Select(v => v.ToArray()).ToArray(), language.Select(v => v.ToArray()).ToArray(), [.. target], kept, info);

    // The region [start, end) of one sample's [T, d] states, pooled to d values.
    static float[] Pool(Tensor h, int[] range, RegionPooling pooling)
    {
        var region = h.narrow(0, range[0], range[1] - range[0]);
        var pooled = pooling == RegionPooling.Max ? region.max(0).values : region.mean([0]);
        return pooled.contiguous().data<float>().ToArray();
    }
}

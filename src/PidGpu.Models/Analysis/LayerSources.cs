using PidGpu.Models.Capture;

namespace PidGpu.Models.Analysis;

/// <summary>
/// The captured sources of one task: per layer X1 (image region) and X2 (question region), read one layer at a time from
/// <paramref name="States"/>, the rows to analyse (indices among all captured samples), and per analysed row the logit target and
/// the gold answer's class among <paramref name="ClassCount"/>; <paramref name="SampleIds"/> names each analysed row's sample, so an
/// error about one row can say which sample it is.
/// </summary>
public sealed record LayerSources(string Task, ILayerStates States, int[] Rows, float[] Target, int[] Classes, int ClassCount,
    IReadOnlyList<string> SampleIds);

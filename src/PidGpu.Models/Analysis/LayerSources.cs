namespace PidGpu.Models.Analysis;

/// <summary>
/// The captured sources of one task: per layer [N, d] row-major X1 (image region) and X2 (question region) over all N captured
/// samples, the rows to analyse, and per analysed row the logit target and the gold answer's class among <paramref name="ClassCount"/>.
/// </summary>
public sealed record LayerSources(string Task, float[][] Vision, float[][] Language, int HiddenSize, int[] Rows, float[] Target,
    int[] Classes, int ClassCount);

namespace PidGpu.Formats;

/// <summary>What the Gaussian estimator decomposed: the three matrices, their widths, and the rows used/dropped.</summary>
public sealed record GaussianInputDescription(string Description, string X1, string X2, string Y, int D1, int D2, int DY,
    long Rows, long Samples, long DroppedRows);

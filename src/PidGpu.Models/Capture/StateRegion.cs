namespace PidGpu.Models.Capture;

/// <summary>Which pooled region of a layer's hidden states: the image tokens (X_V, the paper's X1) or the question's own
/// tokens (X_L, X2).</summary>
public enum StateRegion
{
    Vision,
    Language,
}

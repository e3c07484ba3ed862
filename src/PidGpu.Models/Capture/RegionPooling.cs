namespace PidGpu.Models.Capture;

/// <summary>How a region's hidden states become one d-vector per sample and layer.</summary>
public enum RegionPooling
{
    /// <summary>The mean over the region's positions (the paper's).</summary>
    Mean,
    /// <summary>The element-wise maximum over the region's positions (the paper's alternative).</summary>
    Max,
}

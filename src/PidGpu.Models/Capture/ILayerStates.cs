namespace PidGpu.Models.Capture;

/// <summary>
/// Per-layer access to captured states, so that an analysis holds one layer's [rows, d] matrix at a time rather than every
/// layer of the run: <see cref="CapturedStates"/> reads it from its file.
/// </summary>
public interface ILayerStates
{
    /// <summary>L + 1.</summary>
    int LayerCount { get; }

    /// <summary>d.</summary>
    int HiddenSize { get; }

    /// <summary>
    /// One layer and region, row-major [rows, d]: the given rows in their order (each an index among all captured samples),
    /// or every sample when <paramref name="rows"/> is null.
    /// </summary>
    float[] ReadLayer(int layer, StateRegion region, IReadOnlyList<int>? rows = null);
}

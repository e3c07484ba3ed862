namespace PidGpu.Models.Capture;

/// <summary>Settings of <see cref="LayerCapture.Run"/>.</summary>
public sealed record LayerCaptureOptions
{
    /// <summary>Decoder blocks (0-based) with the Image→Question knockout; null or empty = the intact model.</summary>
    public IReadOnlyCollection<int>? KnockoutLayers { get; init; }

    /// <summary>Samples per forward pass.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Pool the hidden states; false reads only the answers (faster evaluation).</summary>
    public bool CaptureLayers { get; init; } = true;

    /// <summary>Called after each batch with its sample count and seconds (forward + capture), e.g. for a progress bar.</summary>
    public Action<int, double>? OnBatch { get; init; }

    /// <summary>Checked before each batch; a cancelled run throws <see cref="OperationCanceledException"/> and returns nothing.</summary>
    public CancellationToken Cancellation { get; init; }
}

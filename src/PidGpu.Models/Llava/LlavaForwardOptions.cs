namespace PidGpu.Models.Llava;

/// <summary>Options of <see cref="LlavaModel.Forward"/>.</summary>
public sealed record LlavaForwardOptions
{
    /// <summary>Logits at every position instead of only the last.</summary>
    public bool AllPositions { get; init; }

    /// <summary>Return the decoder's hidden states (see <see cref="LlavaOutput.HiddenStates"/>).</summary>
    public bool HiddenStates { get; init; }

    /// <summary>An attention knockout applied in its layers; null = the intact model.</summary>
    public AttentionKnockout? Knockout { get; init; }

    /// <summary>Called with i before decoder block i runs, and with the block count after the last one (progress and timing; an
    /// exception thrown here stops the pass).</summary>
    public Action<int>? OnBlock { get; init; }
}

namespace PidGpu.Models.Flow;

/// <summary>
/// Settings for one RealNVP Gaussianizing flow. The defaults are the paper's (PAPER.md, PID Flow step 2:
/// 8 coupling blocks, MLP hidden 256 with ReLU, batch norm after each block, Adam lr 1e-4, weight decay 1e-5,
/// batch 128, 10 000 steps, gradient clipping 1.0, seed 42); tests use far smaller values for speed.
/// Cost: fits run on one CPU thread in double precision; at the paper's Blocks/Hidden a step took ≈ 46 ms of CPU
/// (N = 4000, d = 16 or 64), so the paper's 10 000 steps are ≈ 8 CPU-minutes per flow.
/// </summary>
public sealed record FlowOptions
{
    /// <summary>Coupling blocks, each followed by a batch-norm layer (paper: 8).</summary>
    public int Blocks { get; init; } = 8;

    /// <summary>Width of the two hidden layers of each coupling MLP (paper: 256).</summary>
    public int Hidden { get; init; } = 256;

    /// <summary>Adam steps, one mini-batch each (paper: 10 000).</summary>
    public int Steps { get; init; } = 10_000;

    /// <summary>Mini-batch rows per step (paper: 128).</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Adam learning rate (paper: 1e-4).</summary>
    public double LearningRate { get; init; } = 1e-4;

    /// <summary>Adam L2 weight decay (paper: 1e-5).</summary>
    public double WeightDecay { get; init; } = 1e-5;

    /// <summary>Maximum global gradient 2-norm (paper: 1.0).</summary>
    public double GradClip { get; init; } = 1.0;

    /// <summary>Seed for initialisation, the train/held-out split and batch order (paper: 42).</summary>
    public int Seed { get; init; } = PidDefaults.Seed;

    /// <summary>Share of rows used for training; the rest is the disjoint held-out split the NLL and checks use.</summary>
    public double TrainFraction { get; init; } = 0.5;
}

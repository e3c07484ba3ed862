namespace PidGpu.Models.Training;

/// <summary>Training settings of <see cref="TinyVlmTrainer"/>; the defaults make the shipped checkpoint.</summary>
public sealed record TinyVlmOptions
{
    public TinyVlmShape Shape { get; init; } = new();

    public int Steps { get; init; } = 6000;

    public int Seed { get; init; } = 42;

    /// <summary>Samples per step, spread evenly over the tasks (must be a multiple of the task count, 8).</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Peak Adam learning rate (linear warm-up, then cosine decay to a tenth).</summary>
    public double LearningRate { get; init; } = 1.5e-3;

    public int WarmupSteps { get; init; } = 100;

    /// <summary>LibTorch intra-op threads; results are bit-reproducible for a fixed count on one machine.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Log held-out accuracy per task every this many steps (0: only at the end). Evaluation uses no randomness
    /// and does not touch the weights, so it leaves the run bit-for-bit unchanged.</summary>
    public int EvalEvery { get; init; }

    /// <summary>Held-out samples per task for the reported accuracies.</summary>
    public int EvalPerTask { get; init; } = 250;
}

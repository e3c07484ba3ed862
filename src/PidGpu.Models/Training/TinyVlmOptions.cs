using PidGpu.Inputs.Scenes;

namespace PidGpu.Models.Training;

/// <summary>Training settings of <see cref="TinyVlmTrainer"/>; the defaults make the shipped checkpoint.</summary>
public sealed record TinyVlmOptions
{
    /// <summary>The defaults, as constants so that <c>pidgpu train-tiny</c>'s flags can name them.</summary>
    public const int DefaultSteps = 8000, DefaultSeed = 42, DefaultBatchSize = 96, DefaultThreads = 1;

    /// <summary>The default peak learning rate (see <see cref="LearningRate"/>).</summary>
    public const double DefaultLearningRate = 1.5e-3;

    public TinyVlmShape Shape { get; init; } = new();

    public int Steps { get; init; } = DefaultSteps;

    public int Seed { get; init; } = DefaultSeed;

    /// <summary>Samples per step, spread over the tasks by <see cref="TaskShares"/> (a multiple of the total share count).</summary>
    public int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>Batch shares of tasks that get more than one (every other task gets one share). The default doubles the two
    /// position tasks: reading places is what the tiny model learns last (see TASKS.md).</summary>
    public IReadOnlyDictionary<SceneTaskKind, int> TaskShares { get; init; } =
        new Dictionary<SceneTaskKind, int> { [SceneTaskKind.Side] = 2, [SceneTaskKind.Spatial] = 2 };

    /// <summary>How the vision tower's position embeddings start: N(0, 1) (TorchSharp's embedding default) or 2-D sine-cosine.</summary>
    public PositionInit VisionPositionInit { get; init; } = PositionInit.SinCos;

    /// <summary>The batch share of <paramref name="kind"/>.</summary>
    public int ShareOf(SceneTaskKind kind) => TaskShares.TryGetValue(kind, out int s) ? s : 1;

    /// <summary>Shares of all tasks together.</summary>
    public int TotalShares => SceneTaskSuite.All.Sum(t => ShareOf(t.Kind));

    /// <summary>Peak Adam learning rate (linear warm-up, then cosine decay to a tenth).</summary>
    public double LearningRate { get; init; } = DefaultLearningRate;

    public int WarmupSteps { get; init; } = 100;

    /// <summary>LibTorch intra-op threads; results are bit-reproducible for a fixed count on one machine.</summary>
    public int Threads { get; init; } = DefaultThreads;

    /// <summary>Log held-out accuracy per task every this many steps (0: only at the end). Evaluation uses no randomness
    /// and does not touch the weights, so it leaves the run bit-for-bit unchanged.</summary>
    public int EvalEvery { get; init; }

    /// <summary>Where the forward and backward passes run: the CPU (null, the shipped checkpoint's) or a CUDA device.</summary>
    public TorchSharp.torch.Device? Device { get; init; }

    /// <summary>Held-out samples per task for the reported accuracies.</summary>
    public int EvalPerTask { get; init; } = 250;
}

using PidGpu.Models.Flow;
using PidGpu.Pipeline;
using PidGpu.Runs;
using PidGpu.Gaussianize;

namespace PidGpu.Cli;

/// <summary>Builds the TorchSharp flow stage from the --flow-* options (libtorch loads only when this runs).</summary>
internal static class FlowStageFactory
{
    public static IGaussianizer Create(FlowSettings flow, int seed) => new FlowStage(new FlowOptions
    {
        Steps = flow.Steps,
        Blocks = flow.Blocks,
        Hidden = flow.Hidden,
        LearningRate = flow.LearningRate,
        Seed = seed,
    });
}

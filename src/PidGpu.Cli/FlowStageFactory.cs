using PidGpu.Models.Flow;
using PidGpu.Pipeline;

namespace PidGpu.Cli;

/// <summary>Builds the TorchSharp flow stage from the --flow-* options (libtorch loads only when this runs).</summary>
internal static class FlowStageFactory
{
    public static IGaussianizer Create(PipelineOptions p) => new FlowStage(new FlowOptions
    {
        Steps = p.Flow.Steps,
        Blocks = p.Flow.Blocks,
        Hidden = p.Flow.Hidden,
        LearningRate = p.Flow.LearningRate,
        Seed = p.Seed,
    });
}

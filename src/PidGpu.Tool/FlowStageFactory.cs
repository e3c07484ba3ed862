using PidGpu.Pipeline;
using PidGpu.Runs;
using PidGpu.Gaussianize;

namespace PidGpu.Cli;

/// <summary>
/// The estimator tool's stand-in for src/PidGpu.Cli/FlowStageFactory.cs: the flow Gaussianizer trains with TorchSharp,
/// which this tool leaves out, so --gaussianize flow is bad input here that names the tool that has it.
/// </summary>
internal static class FlowStageFactory
{
    public static IGaussianizer Create(FlowSettings flow, int seed) => throw new PidInputException(
        $"--gaussianize flow trains a normalizing flow on TorchSharp and LibTorch, which this tool leaves out: use copula or none here, or {ModelCommands.Where}.");
}

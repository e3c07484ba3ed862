namespace PidGpu.Tests.Support;

/// <summary>
/// Tests that need LibTorch bit for bit: torch's random generator (<c>manual_seed</c>, weight initialisation) and its
/// thread count are process-wide, so another test class building a model at the same time would change the draws.
/// This collection runs alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchSerialCollection
{
    public const string Name = "torch, alone";
}

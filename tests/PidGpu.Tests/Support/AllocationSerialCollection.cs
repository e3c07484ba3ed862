namespace PidGpu.Tests.Support;

/// <summary>
/// Tests that count the process's allocated bytes (<see cref="GC.GetTotalAllocatedBytes"/>): another test class running at
/// the same time would add its own. This collection runs alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationSerialCollection
{
    public const string Name = "allocation counts, alone";
}

using PidGpu.Estimate;

namespace PidGpu.Runs;

/// <summary>A plug-in decomposition (I_min, MMI, BROJA) of a joint table, however it is made (<see cref="DiscreteInput"/>).</summary>
public sealed record DiscreteRequest(DiscreteInput Input) : DecompositionRequest
{
    /// <summary>Members of <see cref="PidMeasures"/>; all three by default.</summary>
    public IReadOnlyCollection<IPidMeasure> Measures { get; init; } = PidMeasures.All;
    public BrojaOptions Broja { get; init; } = new();

    /// <summary>The limits the BROJA run must fit before it starts.</summary>
    public BrojaBudget Budget { get; init; } = BrojaBudget.Default;
}

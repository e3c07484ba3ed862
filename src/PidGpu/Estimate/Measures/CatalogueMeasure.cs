namespace PidGpu.Estimate.Measures;

/// <summary>
/// What the catalogue's measures share: their names, and a discrete form that is the host engine run on one table
/// (<see cref="DiscretePidEngine.Host"/>, which knows each measure's batch loop), so a single table and a batch agree.
/// </summary>
internal abstract class CatalogueMeasure(string name, string? gaussianName) : IPidMeasure
{
    public string Name { get; } = name;

    public string? GaussianName { get; } = gaussianName;

    public PidAtoms Discrete(JointDistribution joint, BrojaOptions? options = null) =>
        DiscretePidEngine.Host.Decompose(joint, [this], options).Of(this)!;

    public abstract PidAtoms Gaussian(double[,] covariance, int d1, int d2, int dy, GaussianOptions? options = null);

    public override string ToString() => Name;
}

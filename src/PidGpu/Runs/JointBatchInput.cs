using PidGpu.Device;
using PidGpu.Formats;
using PidGpu.Estimate;

namespace PidGpu.Runs;

/// <summary>A batch of joint tables, a float64 <c>.npy</c> of shape (N, n1, n2, ny), solved side by side
/// (<see cref="DiscreteRun.ExecuteBatch"/>).</summary>
public sealed record JointBatchInput(string Path) : DiscreteInput
{
    public override bool NeedsDevice => false;

    internal override Func<PidDevice?, (JointDistribution, InputDescription)> Load()
        => throw new InvalidOperationException("a batch is run by DiscreteRun.ExecuteBatch, table by table.");

    internal JointDistribution[] Read() => JointBatchReader.Read(Path);
}

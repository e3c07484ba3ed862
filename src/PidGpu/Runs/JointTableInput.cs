using PidGpu.Device;
using PidGpu.Formats;
using PidGpu.Estimate;

namespace PidGpu.Runs;

/// <summary>A joint table <c>{"p": [[[...]]]}</c> (probabilities or counts), read as it is.</summary>
public sealed record JointTableInput(string Path) : DiscreteInput
{
    public override bool NeedsDevice => false;

    internal override Func<PidDevice?, (JointDistribution, InputDescription)> Load()
    {
        var joint = JointJsonReader.Read(Path);
        var description = new InputDescription("joint", Path, joint.N1, joint.N2, joint.NY);
        return _ => (joint, description);
    }
}

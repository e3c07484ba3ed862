using PidGpu.Device;
using PidGpu.Formats;
using PidGpu.Estimate;

namespace PidGpu.Runs;

/// <summary>A CSV of integer codes (header x1,x2,y), one row per sample; each variable's codes renumbered 0..k−1.</summary>
public sealed record CountsInput(string Path) : DiscreteInput
{
    public override bool NeedsDevice => false;

    internal override Func<PidDevice?, (JointDistribution, InputDescription)> Load()
    {
        var (x1, x2, y) = CountsCsvReader.ReadCodes(Path);
        var joint = JointDistribution.FromCodes(x1.Codes, x2.Codes, y.Codes, x1.Alphabet, x2.Alphabet, y.Alphabet, source: Path);
        var description = new InputDescription("counts", Path, joint.N1, joint.N2, joint.NY, x1.Codes.Length,
            Codes: [x1.Values, x2.Values, y.Values]);
        return _ => (joint, description);
    }
}

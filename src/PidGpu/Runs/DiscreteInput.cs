using PidGpu.Device;
using PidGpu.Formats;
using PidGpu.Estimate;

namespace PidGpu.Runs;

/// <summary>
/// What a discrete decomposition reads: a joint table, integer codes, a batch of tables, float columns or activation
/// matrices. <see cref="Load"/> reads and checks the files before any accelerator starts, so bad files fail fast; what
/// it returns turns them into the table, on the device where binning or coding needs one.
/// </summary>
public abstract record DiscreteInput
{
    /// <summary>False for a joint table or counts, which are ready as read; float columns and matrices are binned or coded
    /// on an accelerator.</summary>
    public virtual bool NeedsDevice => true;

    /// <summary>Reads and checks the input; the result makes the joint table (the device is null only when
    /// <see cref="NeedsDevice"/> is false).</summary>
    /// <exception cref="PidInputException">A bad file.</exception>
    internal abstract Func<PidDevice?, (JointDistribution Joint, InputDescription Description)> Load();
}

namespace PidGpu.Report;

/// <summary>How a run was made, stored with its results so that it can be reproduced and compared.</summary>
/// <param name="Options">Free-form settings (estimator, reduction, pooling, ...), name → value.</param>
/// <param name="Seeds">Random seeds by purpose (e.g. "flow", "bootstrap").</param>
/// <param name="Device">The compute device as described by the engine.</param>
/// <param name="Versions">Software versions by component (pidgpu, ILGPU, TorchSharp, ...).</param>
/// <param name="StageSeconds">Wall time per stage (forward, capture, reduce, gaussianize, estimate), seconds.</param>
/// <param name="Partial">True when the run was interrupted: the records cover only what finished.</param>
public sealed record RunSettings(
    IReadOnlyDictionary<string, string> Options,
    IReadOnlyDictionary<string, long> Seeds,
    string Device,
    IReadOnlyDictionary<string, string> Versions,
    IReadOnlyDictionary<string, double> StageSeconds,
    bool Partial)
{
    /// <summary>No settings recorded (tests, imported tables).</summary>
    public static RunSettings Empty { get; } = new(
        new Dictionary<string, string>(), new Dictionary<string, long>(), "unknown",
        new Dictionary<string, string>(), new Dictionary<string, double>(), Partial: false);
}

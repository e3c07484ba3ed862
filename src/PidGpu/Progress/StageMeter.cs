namespace PidGpu.Progress;

/// <summary>
/// One stage of a long run (e.g. forward passes in samples, decompositions in layers): how much is done of how much, and the
/// seconds spent on it. The rate counts only the stage's own time, so interleaved stages do not slow each other's rates.
/// </summary>
public sealed class StageMeter(string name, string unit, long total)
{
    public string Name { get; } = name;
    public string Unit { get; } = unit;
    public long Total { get; internal set; } = total;
    public long Done { get; internal set; }
    public double Seconds { get; internal set; }

    /// <summary>Units per second of stage time; null until some time was spent.</summary>
    public double? Rate => Seconds > 0 && Done > 0 ? Done / Seconds : null;

    /// <summary>Seconds still needed at the current rate; 0 when done, null when no rate is known yet.</summary>
    public double? RemainingSeconds => Done >= Total ? 0 : Rate is { } r ? (Total - Done) / r : null;

    public double Fraction => Total <= 0 ? 1 : Math.Clamp((double)Done / Total, 0, 1);
}

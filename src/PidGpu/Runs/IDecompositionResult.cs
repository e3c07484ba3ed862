namespace PidGpu.Runs;

/// <summary>A finished decomposition run: its table for people, its result file, and whether a certified solve missed its
/// target gap.</summary>
public interface IDecompositionResult
{
    /// <summary>One aligned row per measure (and, where there are some, the uncertainty rows under it).</summary>
    void WriteTable(TextWriter writer);

    /// <summary>The result file: <c>{"input", ..., "device", "units": "bits", "measures", ...}</c>, ending in a newline.</summary>
    string ToJson();

    /// <summary>The worst certified solve (BROJA or ~G-PID) that stopped above its target gap; null when every one reached it.</summary>
    MissedTarget? Missed { get; }
}

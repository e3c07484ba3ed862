using System.Globalization;
using PidGpu.Estimators;
using PidGpu.Estimators.Newton;

namespace PidGpu.Cli;

/// <summary>
/// The limits a BROJA run must fit before it starts (<c>--max-seconds</c>, <c>--max-memory</c>): a 200 × 200 × 50 table
/// would otherwise run for hours with nothing to show. The estimate (<see cref="BrojaCost"/>) is stated in the refusal
/// together with the flag that lifts it.
/// </summary>
internal sealed record BrojaBudget(double MaxSeconds, long MaxBytes)
{
    public const double DefaultMaxSeconds = 3600;

    public static BrojaBudget From(DecomposeOptions o)
    {
        double seconds = o.MaxSeconds ?? DefaultMaxSeconds;
        if (!(seconds > 0))
            throw new PidInputException($"--max-seconds must be a positive number of seconds (got {o.MaxSeconds}).");
        long bytes = o.MaxMemory is { } text ? ParseSize(text) : (long)(0.8 * GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
        return new BrojaBudget(seconds, bytes);
    }

    /// <summary>Bytes from "123", "512M", "8G", "1.5T" (powers of 1024).</summary>
    public static long ParseSize(string text)
    {
        var t = text.Trim().ToUpperInvariant();
        double unit = 1;
        if (t.EndsWith('B')) t = t[..^1];
        if (t.Length > 0 && "KMGT".Contains(t[^1]))
        {
            unit = Math.Pow(1024, "KMGT".IndexOf(t[^1]) + 1);
            t = t[..^1];
        }
        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !(v > 0) || double.IsInfinity(v * unit))
            throw new PidInputException($"--max-memory '{text}' is not a size: give bytes or a number with K, M, G or T (e.g. 8G).");
        return (long)Math.Min(long.MaxValue, v * unit);
    }

    /// <exception cref="PidInputException">The estimate exceeds a limit.</exception>
    public BrojaCost Check(Pid.JointDistribution joint, int problems, BrojaSolverKind solver)
    {
        int n1 = joint.N1, n2 = joint.N2, ny = joint.NY;
        var cost = BrojaCost.Estimate(joint, problems);
        if (solver != BrojaSolverKind.Newton) return cost;
        string what = problems == 1 ? $"BROJA on a {n1}x{n2}x{ny} table" : $"BROJA on {problems} tables of {n1}x{n2}x{ny}";
        if (cost.Bytes > MaxBytes)
            throw new PidInputException(string.Create(CultureInfo.InvariantCulture,
                $"{what} needs about {Size(cost.Bytes)} of memory, over the limit of {Size(MaxBytes)}; " +
                $"merge codes to shrink the table, or raise the limit with --max-memory."));
        if (cost.Seconds > MaxSeconds)
            throw new PidInputException(string.Create(CultureInfo.InvariantCulture,
                $"{what} is estimated to take about {Duration(cost.Seconds)}, over the limit of {Duration(MaxSeconds)}; " +
                $"merge codes to shrink the table, or raise the limit with --max-seconds {Math.Ceiling(cost.Seconds * 2)}."));
        return cost;
    }

    static string Size(double bytes) => bytes switch
    {
        >= 1L << 40 => $"{bytes / (1L << 40):0.#} TiB",
        >= 1L << 30 => $"{bytes / (1L << 30):0.#} GiB",
        >= 1L << 20 => $"{bytes / (1L << 20):0.#} MiB",
        _ => $"{bytes / 1024:0.#} KiB",
    };

    static string Duration(double s) => s switch
    {
        >= 86400 => $"{s / 86400:0.#} days",
        >= 3600 => $"{s / 3600:0.#} h",
        >= 60 => $"{s / 60:0.#} min",
        _ => $"{s:0.#} s",
    };
}

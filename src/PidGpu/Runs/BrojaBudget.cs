using System.Globalization;
using PidGpu.Estimate;
using PidGpu.Estimate.Newton;

namespace PidGpu.Runs;

/// <summary>
/// The limits a BROJA run must fit before it starts: a 200 × 200 × 50 table would otherwise run for hours with nothing to
/// show. The estimate (<see cref="BrojaCost"/>) is stated in the refusal; the error's <see cref="PidInputException.Setting"/>
/// names the limit that lifts it (<see cref="MaxSecondsSetting"/>, <see cref="MaxBytesSetting"/>).
/// </summary>
public sealed record BrojaBudget(double MaxSeconds, long MaxBytes)
{
    public const string MaxSecondsSetting = "BrojaBudget.MaxSeconds";
    public const string MaxBytesSetting = "BrojaBudget.MaxBytes";

    /// <summary>The defaults: <see cref="PidDefaults.BrojaMaxSeconds"/> and a share of the memory available now.</summary>
    public static BrojaBudget Default => new(PidDefaults.BrojaMaxSeconds, DefaultMaxBytes());

    /// <summary><see cref="PidDefaults.BrojaMemoryShare"/> of the memory available to this process.</summary>
    public static long DefaultMaxBytes() => (long)(PidDefaults.BrojaMemoryShare * GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);

    /// <exception cref="PidInputException">The estimate exceeds a limit.</exception>
    public BrojaCost Check(JointDistribution joint, int problems, BrojaSolverKind solver)
    {
        int n1 = joint.N1, n2 = joint.N2, ny = joint.NY;
        var cost = BrojaCost.Estimate(joint, problems);
        if (solver != BrojaSolverKind.Newton) return cost;
        string what = problems == 1 ? $"BROJA on a {n1}x{n2}x{ny} table" : $"BROJA on {problems} tables of {n1}x{n2}x{ny}";
        if (cost.Bytes > MaxBytes)
        {
            string problem = string.Create(CultureInfo.InvariantCulture,
                $"{what} needs about {Size(cost.Bytes)} of memory, over the limit of {Size(MaxBytes)}; merge codes to shrink the table");
            throw new PidInputException($"{problem}, or raise the limit ({MaxBytesSetting}).")
            {
                Setting = MaxBytesSetting, Problem = problem,
                SuggestedValue = cost.Bytes.ToString(CultureInfo.InvariantCulture),
            };
        }
        if (cost.Seconds > MaxSeconds)
        {
            string problem = string.Create(CultureInfo.InvariantCulture,
                $"{what} is estimated to take about {Duration(cost.Seconds)}, over the limit of {Duration(MaxSeconds)}; merge codes to shrink the table");
            string suggested = Math.Ceiling(cost.Seconds * 2).ToString(CultureInfo.InvariantCulture);
            throw new PidInputException($"{problem}, or raise the limit ({MaxSecondsSetting} = {suggested}).")
            {
                Setting = MaxSecondsSetting, Problem = problem, SuggestedValue = suggested,
            };
        }
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

using PidGpu.Estimate;

namespace PidGpu.Bench;

/// <summary>
/// The BROJA solvers a benchmark compares: both by default; <c>PIDGPU_BENCH_SOLVERS=newton</c> (or <c>scaling</c>)
/// runs one, e.g. to record the Newton figures without minutes of the first-order solver at 32³.
/// </summary>
public static class BenchSolvers
{
    public static IEnumerable<BrojaSolverKind> Selected()
    {
        var chosen = Environment.GetEnvironmentVariable("PIDGPU_BENCH_SOLVERS");
        if (string.IsNullOrWhiteSpace(chosen)) return [BrojaSolverKind.Newton, BrojaSolverKind.Scaling];
        return chosen.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(name => Enum.TryParse(name, ignoreCase: true, out BrojaSolverKind kind) ? kind
                : throw new ArgumentException($"PIDGPU_BENCH_SOLVERS: unknown solver '{name}' (newton, scaling)."))
            .ToArray();
    }
}

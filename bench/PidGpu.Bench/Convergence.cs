using System.Diagnostics;
using System.Globalization;
using PidGpu.Estimate;

namespace PidGpu.Bench;

/// <summary>
/// Solves each <see cref="BrojaSizeBenchmarks"/> problem once after a warm-up solve (kernel compile) and prints
/// iterations, certified gap and the wall time of that one solve as a markdown table. Not a benchmark: a single
/// timing, for a quick look and for sizes too slow to repeat.
/// </summary>
public static class Convergence
{
    /// <param name="sizes">Sizes N, optionally preceded by <c>newton</c> or <c>scaling</c> (default newton), then optionally
    /// by <c>xor FLIP</c>: the n-ary noisy XOR (<see cref="RandomJoints.NoisyXor"/>) instead of the random tables.</param>
    public static int Run(string[] sizes)
    {
        var solver = BrojaSolverKind.Newton;
        if (sizes.Length > 0 && Enum.TryParse(sizes[0], ignoreCase: true, out BrojaSolverKind chosen)) { solver = chosen; sizes = sizes[1..]; }
        double? flip = null;
        if (sizes.Length > 1 && sizes[0] == "xor") { flip = double.Parse(sizes[1], CultureInfo.InvariantCulture); sizes = sizes[2..]; }
        var ns = sizes.Length > 0 ? sizes.Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray() : [2, 4, 8, 16, 32];
        using var device = BenchDevice.Create();
        var engine = new DiscretePidEngine(device);
        var options = new BrojaOptions(BrojaSizeBenchmarks.TargetGapBits, BrojaSizeBenchmarks.MaxIterations, solver);
        engine.Decompose(RandomJoints.Dirichlet(new Random(1), 2, 2, 2), [PidMeasures.Broja], options); // compile
        Console.WriteLine(flip is null ? $"solver: {solver}" : string.Create(CultureInfo.InvariantCulture, $"solver: {solver}, noisy XOR with flip probability {flip}"));
        Console.WriteLine("| N | cells | iterations | gap [bits] | converged | wall time (1 solve) | process CPU time |");
        Console.WriteLine("|---:|---:|---:|---:|:---:|---:|---:|");
        foreach (int n in ns)
        {
            var joint = flip is double f ? RandomJoints.NoisyXor(new Random(BrojaSizeBenchmarks.Seed + n), n, f) : RandomJoints.Dirichlet(new Random(BrojaSizeBenchmarks.Seed + n), n, n, n);
            var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var r = engine.Decompose(joint, [PidMeasures.Broja], options).Broja!;
            clock.Stop();
            cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {n} | {n * n * n} | {r.Iterations} | {r.GapBits:0.00E+00} | {(r.Converged ? "yes" : "no")} | {PerProblemColumn.Format(clock.Elapsed.TotalNanoseconds)} | {PerProblemColumn.Format(cpu.TotalNanoseconds)} |"));
        }
        return 0;
    }
}

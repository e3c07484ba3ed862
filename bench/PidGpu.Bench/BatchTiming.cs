using System.Diagnostics;
using System.Globalization;
using PidGpu.Estimate;

namespace PidGpu.Bench;

/// <summary>
/// <c>batch [newton|scaling] COUNT N</c>: one timed Decompose of COUNT random Dirichlet N³ joints (the
/// <see cref="BrojaBatchBenchmarks"/> stream), after a warm-up, with wall and process CPU time, worst gap and step counts.
/// A single timing for a quick look, not a BenchmarkDotNet measurement.
/// </summary>
public static class BatchTiming
{
    public static int Run(string[] args)
    {
        var solver = BrojaSolverKind.Newton;
        if (args.Length > 0 && Enum.TryParse(args[0], ignoreCase: true, out BrojaSolverKind chosen)) { solver = chosen; args = args[1..]; }
        int count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : BrojaBatchBenchmarks.Problems;
        int n = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : BrojaBatchBenchmarks.N;
        using var device = BenchDevice.Create();
        var engine = new DiscretePidEngine(device);
        var options = new BrojaOptions(BrojaBatchBenchmarks.TargetGapBits, BrojaBatchBenchmarks.MaxIterations, solver);
        engine.Decompose(RandomJoints.DirichletBatch(1, 4, n), [PidMeasures.Broja], options); // compile and JIT
        var joints = RandomJoints.DirichletBatch(BrojaBatchBenchmarks.Seed, count, n);
        var meter = CpuMeter.Start();
        var clock = Stopwatch.StartNew();
        var results = engine.Decompose(joints, [PidMeasures.Broja], options);
        clock.Stop();
        var b = results.Select(r => r.Broja!).ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{solver}: {count} x {n}^3 in {clock.Elapsed.TotalSeconds:F2} s wall ({clock.Elapsed.TotalMilliseconds / count:F2} ms each), " +
            $"CPU/wall {meter.CpuPerWall():F2}, converged {b.Count(x => x.Converged)}/{count}, worst gap {b.Max(x => x.GapBits):E2} bits, " +
            $"steps median {b.Select(x => x.Iterations).Order().ElementAt(count / 2)} max {b.Max(x => x.Iterations)}"));
        foreach (var (r, i) in b.Select((r, i) => (r, i)).Where(e => !e.r.Converged))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  not converged: problem {i}, gap {r.GapBits:E2} bits after {r.Iterations} steps"));
        return 0;
    }
}

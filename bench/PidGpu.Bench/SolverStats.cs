using System.Globalization;
using PidGpu.Estimate;

namespace PidGpu.Bench;

/// <summary>
/// Solver statistics (iterations, certified gap) of the last measured invocation, recorded in a benchmark's
/// [GlobalCleanup] and handed from the benchmark process to the BenchmarkDotNet host (which builds the summary
/// table) through small files under the temp directory. The solver is deterministic for a fixed input, so every
/// invocation of a case reports the same figures.
/// </summary>
public static class SolverStats
{
    public sealed record Entry(string Iterations, string GapBits, string Converged, long TotalIterations, string CpuPerWall);

    static string Directory => Path.Combine(Path.GetTempPath(), "pidgpu-bench");

    static string FileFor(string key) =>
        Path.Combine(Directory, $"{BenchDevice.Requested.ToString().ToLowerInvariant()}-{key}.txt");

    /// <summary>Key of one benchmark case: class name plus its parameter values.</summary>
    public static string Key(string type, params (string Name, object Value)[] parameters) =>
        type + string.Concat(parameters.Select(p => $"-{p.Name}={Convert.ToString(p.Value, CultureInfo.InvariantCulture)}"));

    /// <summary>Summarises one or more BROJA results, prints them to the log and stores them for the summary columns.</summary>
    public static Entry Record(string key, IReadOnlyList<BrojaAtoms> results, double? cpuPerWall = null)
    {
        var iterations = results.Select(r => r.Iterations).Order().ToArray();
        double worstGap = results.Max(r => r.GapBits);
        int converged = results.Count(r => r.Converged);
        string cpu = cpuPerWall is double r ? r.ToString("0.00", CultureInfo.InvariantCulture) : "-";
        var entry = results.Count == 1
            ? new Entry(
                iterations[0].ToString(CultureInfo.InvariantCulture),
                worstGap.ToString("0.00E+00", CultureInfo.InvariantCulture),
                results[0].Converged ? "yes" : "no",
                iterations[0],
                cpu)
            : new Entry(
                $"{iterations[0]}/{iterations[iterations.Length / 2]}/{iterations[^1]}",
                worstGap.ToString("0.00E+00", CultureInfo.InvariantCulture),
                $"{converged}/{results.Count}",
                iterations.Sum(i => (long)i),
                cpu);
        Console.WriteLine($"// PidGpu stats {key}: iterations={entry.Iterations} (min/median/max for batches), " +
                          $"max gap={entry.GapBits} bits, converged={entry.Converged}, " +
                          $"total iterations={entry.TotalIterations}, CPU/wall={entry.CpuPerWall}");
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllLines(FileFor(key), [entry.Iterations, entry.GapBits, entry.Converged, entry.TotalIterations.ToString(CultureInfo.InvariantCulture), entry.CpuPerWall]);
        return entry;
    }

    public static Entry? Read(string key)
    {
        var path = FileFor(key);
        if (!File.Exists(path)) return null;
        var lines = File.ReadAllLines(path);
        return lines.Length == 5 ? new Entry(lines[0], lines[1], lines[2], long.Parse(lines[3], CultureInfo.InvariantCulture), lines[4]) : null;
    }
}

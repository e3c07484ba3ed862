using System.Text.Json;
using PidGpu.Pid;

namespace PidGpu.Tests.Support;

/// <summary>One canonical system of ../shared/reference/canonical-pid.json with its expected atoms (bits).</summary>
public sealed record CanonicalSystem(string Name, JointDistribution Joint,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Expected);

/// <summary>
/// Loads ../shared/reference/canonical-pid.json: the repository root is the first folder above
/// <see cref="AppContext.BaseDirectory"/> that holds PidGpu.sln, and shared/ sits next to it.
/// </summary>
public static class SharedCanonical
{
    public static readonly string[] Measures = ["imin", "mmi", "broja"];
    public static readonly string[] AtomNames = ["R", "U1", "U2", "S", "I"];

    static readonly Lazy<CanonicalSystem[]> Loaded = new(Load);

    /// <exception cref="InvalidOperationException">The repository root or the shared reference file is missing.</exception>
    public static IReadOnlyList<CanonicalSystem> Systems() => Loaded.Value;

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PidGpu.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no folder above {AppContext.BaseDirectory} contains PidGpu.sln; cannot locate ../shared.");
    }

    public static string ReferencePath(string file)
    {
        var root = RepoRoot();
        var path = Path.GetFullPath(Path.Combine(root, "..", "shared", "reference", file));
        if (!File.Exists(path))
            throw new InvalidOperationException(
                $"shared reference missing: expected {path} (the read-only ../shared folder next to the repository root {root}).");
        return path;
    }

    static CanonicalSystem[] Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(ReferencePath("canonical-pid.json")));
        var list = new List<CanonicalSystem>();
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            var name = c.GetProperty("name").GetString()!;
            var p = c.GetProperty("p");
            int n1 = p.GetArrayLength(), n2 = p[0].GetArrayLength(), ny = p[0][0].GetArrayLength();
            var flat = new double[n1 * n2 * ny];
            for (int a = 0; a < n1; a++)
                for (int b = 0; b < n2; b++)
                {
                    var row = p[a][b];
                    if (row.GetArrayLength() != ny) throw new InvalidOperationException($"{name}: ragged p[{a}][{b}].");
                    for (int y = 0; y < ny; y++) flat[(a * n2 + b) * ny + y] = row[y].GetDouble();
                }
            var expected = new Dictionary<string, IReadOnlyDictionary<string, double>>();
            foreach (var m in Measures)
                expected[m] = AtomNames.ToDictionary(a => a, a => c.GetProperty(m).GetProperty(a).GetDouble());
            list.Add(new CanonicalSystem(name, new JointDistribution(n1, n2, ny, flat, name), expected));
        }
        return list.ToArray();
    }
}

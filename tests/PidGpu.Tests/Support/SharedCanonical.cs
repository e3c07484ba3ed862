using System.Text.Json;
using PidGpu.Estimate;

namespace PidGpu.Tests.Support;

/// <summary>
/// Loads the reference data the repository carries (tests/PidGpu.Tests/Reference, copied next to the test
/// assembly by the build; sources in Reference/README.md), so the tests pass on any clone.
/// </summary>
public static class SharedCanonical
{
    public static readonly string[] Measures = ["imin", "mmi", "broja"];
    public static readonly string[] AtomNames = ["R", "U1", "U2", "S", "I"];

    static readonly Lazy<CanonicalSystem[]> Loaded = new(Load);

    /// <exception cref="InvalidOperationException">The reference file is missing from the test output.</exception>
    public static IReadOnlyList<CanonicalSystem> Systems() => Loaded.Value;

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PidGpu.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no folder above {AppContext.BaseDirectory} contains PidGpu.sln; cannot locate the repository root.");
    }

    /// <summary>A file of Reference/ as copied to the test output folder.</summary>
    public static string ReferencePath(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Reference", file);
        if (!File.Exists(path))
            throw new InvalidOperationException(
                $"reference file missing: expected {path} (tests/PidGpu.Tests/Reference/{file}, copied by the build).");
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

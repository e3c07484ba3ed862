using System.Text.Json;
using PidGpu.Estimate;
using PidGpu.Estimate.Measures;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>One system of Reference/gaussian-pid.json (atoms in bits, 4 decimals).</summary>
public sealed record GaussianCase(string Name, int D1, int D2, int DY, double[,] Cov,
    IReadOnlyDictionary<string, double> Mmi, IReadOnlyDictionary<string, double> Gpid)
{
    public override string ToString() => Name;

    static readonly Lazy<GaussianCase[]> Loaded = new(Load);

    public static IReadOnlyList<GaussianCase> All => Loaded.Value;
    public static GaussianCase Named(string name) => All.Single(c => c.Name == name);
    public static TheoryData<string> Names() => [.. All.Select(c => c.Name)];
    /// <summary>The cases with a scalar target, where MMI and ~G-PID must agree (the others are not generated).</summary>
    public static TheoryData<string> ScalarTargetNames() => [.. All.Where(c => c.DY == 1).Select(c => c.Name)];

    static GaussianCase[] Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedCanonical.ReferencePath("gaussian-pid.json")));
        return doc.RootElement.GetProperty("cases").EnumerateArray().Select(c =>
        {
            int d1 = c.GetProperty("d1").GetInt32(), d2 = c.GetProperty("d2").GetInt32(), dy = c.GetProperty("dy").GetInt32();
            var rows = c.GetProperty("cov");
            int n = rows.GetArrayLength();
            var cov = new double[n, n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) cov[i, j] = rows[i][j].GetDouble();
            static Dictionary<string, double> Atoms(JsonElement e) => e.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
            return new GaussianCase(c.GetProperty("name").GetString()!, d1, d2, dy, cov, Atoms(c.GetProperty("mmi")), Atoms(c.GetProperty("gpid_expected")));
        }).ToArray();
    }
}

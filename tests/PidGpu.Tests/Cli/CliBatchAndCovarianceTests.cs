using System.Text.Json;
using PidGpu.Cli;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// <c>decompose --joints</c> (a batch of tables in one .npy) and <c>decompose --estimator gaussian --cov</c> (a covariance
/// instead of samples), checked against the literature's reference values, plus the BROJA budget and solve_seconds.
/// </summary>
public class CliBatchAndCovarianceTests
{
    static double[] Flat(JsonElement p)
    {
        var values = new List<double>();
        foreach (var a in p.EnumerateArray()) foreach (var b in a.EnumerateArray()) foreach (var c in b.EnumerateArray()) values.Add(c.GetDouble());
        return values.ToArray();
    }

    [Fact]
    public void Joints_EveryProblemMatchesTheReference_InInputOrder()
    {
        // The 2x2x2 canonical systems, stacked in one (N, 2, 2, 2) array.
        var systems = CanonicalReference.Cases().Where(c => Flat(c.GetProperty("p")).Length == 8).ToArray();
        Assert.True(systems.Length >= 5);
        using var temp = new TempFolder();
        var npy = temp.File("joints.npy");
        File.WriteAllBytes(npy, ArrayBytes.Npy("<f8", $"({systems.Length}, 2, 2, 2)", ArrayBytes.F64(systems.SelectMany(c => Flat(c.GetProperty("p"))).ToArray())));
        var outPath = temp.File("r.json");

        var run = CliRun.Of("decompose", "--joints", npy, "--out", outPath);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        using var doc = JsonDocument.Parse(File.ReadAllText(outPath));
        var problems = doc.RootElement.GetProperty("problems");
        Assert.Equal(systems.Length, problems.GetArrayLength());
        Assert.True(doc.RootElement.GetProperty("solve_seconds").GetDouble() > 0);
        for (int k = 0; k < systems.Length; k++)
        {
            var got = problems[k];
            Assert.True(got.GetProperty("solve_seconds").GetDouble() >= 0);
            foreach (var measure in new[] { "imin", "mmi", "broja" })
                foreach (var atom in new[] { "R", "U1", "U2", "S", "I" })
                {
                    double want = systems[k].GetProperty(measure).GetProperty(atom).GetDouble();
                    double have = got.GetProperty("measures").GetProperty(measure).GetProperty(atom).GetDouble();
                    Assert.True(Math.Abs(want - have) <= 1e-6, $"{systems[k].GetProperty("name")} {measure}.{atom}: {have} vs {want}");
                }
        }
    }

    [Fact]
    public void Joint_NeedsNoAccelerator_AndReportsSolveSeconds()
    {
        using var temp = new TempFolder();
        var joint = temp.Write("xor.json", "{\"p\": [[[0.25, 0], [0, 0.25]], [[0, 0.25], [0.25, 0]]]}");
        var outPath = temp.File("r.json");
        var run = CliRun.Of("decompose", "--joint", joint, "--out", outPath);
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("device: host", run.Stderr);
        using var doc = JsonDocument.Parse(File.ReadAllText(outPath));
        Assert.True(doc.RootElement.GetProperty("solve_seconds").GetDouble() > 0);
        Assert.Equal(1, doc.RootElement.GetProperty("measures").GetProperty("broja").GetProperty("S").GetDouble(), 1e-9);
    }

    [Fact]
    public void HugeTable_IsRefusedBeforeSolving_NamingTheEstimateAndTheFlag()
    {
        // A dense 200 x 200 x 50 joint (2 million cells, every one positive), as a batch of one.
        using var temp = new TempFolder();
        var rng = new Random(5);
        var values = new double[200 * 200 * 50];
        for (int i = 0; i < values.Length; i++) values[i] = 0.5 + rng.NextDouble();
        var npy = temp.File("big.npy");
        File.WriteAllBytes(npy, ArrayBytes.Npy("<f8", "(1, 200, 200, 50)", ArrayBytes.F64(values)));
        var run = CliRun.Of("decompose", "--joints", npy, "--measure", "broja");
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("200x200x50", run.Stderr);
        Assert.Contains("--max-", run.Stderr);
        var allowed = CliRun.Of("decompose", "--joints", npy, "--measure", "mmi");
        Assert.True(allowed.ExitCode == ExitCodes.Success, allowed.ToString()); // the budget is BROJA's only
    }

    [Fact]
    public void SparseTable_IsJudgedByItsSupport()
    {
        // 200 samples of codes up to 200 x 200 x 50: the table is large, its support tiny, so BROJA runs.
        using var temp = new TempFolder();
        var rows = new System.Text.StringBuilder("x1,x2,y\n");
        for (int i = 0; i < 200; i++) rows.Append(i % 40).Append(',').Append((i * 7) % 30).Append(',').Append(i % 5).Append('\n');
        var counts = temp.Write("c.csv", rows.ToString());
        var run = CliRun.Of("decompose", "--counts", counts, "--measure", "broja");
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
    }

    [Theory]
    [InlineData("--max-seconds", "0.000001", "--max-seconds")]
    [InlineData("--max-memory", "100", "--max-memory")]
    [InlineData("--max-memory", "lots", "is not a size")]
    public void Budget_FlagsAreChecked(string flag, string value, string expected)
    {
        using var temp = new TempFolder();
        var joint = temp.Write("xor.json", "{\"p\": [[[0.25, 0], [0, 0.25]], [[0, 0.25], [0.25, 0]]]}");
        var run = CliRun.Of("decompose", "--joint", joint, flag, value);
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains(expected, run.Stderr);
    }

    [Theory]
    [MemberData(nameof(GaussianCase.Names), MemberType = typeof(GaussianCase))]
    public void Cov_MatchesTheGaussianReference(string name)
    {
        var c = GaussianCase.Named(name);
        int d = c.D1 + c.D2 + c.DY;
        var flat = new double[d * d];
        for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) flat[i * d + j] = c.Cov[i, j];
        using var temp = new TempFolder();
        var npy = temp.File("cov.npy");
        File.WriteAllBytes(npy, ArrayBytes.Npy("<f8", $"({d}, {d})", ArrayBytes.F64(flat)));
        var outPath = temp.File("r.json");

        var run = CliRun.Of("decompose", "--estimator", "gaussian", "--cov", npy, "--dims", $"{c.D1},{c.D2},{c.DY}", "--out", outPath);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        using var doc = JsonDocument.Parse(File.ReadAllText(outPath));
        var measures = doc.RootElement.GetProperty("measures");
        foreach (var (atom, want) in c.Mmi)
            Assert.Equal(want, measures.GetProperty("mmi").GetProperty(atom).GetDouble(), 4e-4);
        foreach (var (atom, want) in c.Gpid)
            Assert.Equal(want, measures.GetProperty("gpid").GetProperty(atom).GetDouble(), 4e-4);
        Assert.True(doc.RootElement.GetProperty("solve_seconds").GetDouble() >= 0);
    }

    [Theory]
    [InlineData("1,1", "three positive integers")]
    [InlineData("2,1,1", "expected a 4x4 covariance")]
    public void Cov_BadDims_AreNamed(string dims, string expected)
    {
        using var temp = new TempFolder();
        var npy = temp.File("cov.npy");
        File.WriteAllBytes(npy, ArrayBytes.Npy("<f8", "(3, 3)", ArrayBytes.F64(2, 1, 1, 1, 2, 1, 1, 1, 1)));
        var run = CliRun.Of("decompose", "--estimator", "gaussian", "--cov", npy, "--dims", dims);
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains(expected, run.Stderr);
    }
}

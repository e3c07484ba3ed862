using System.Text.Json;
using PidGpu.Cli;

namespace PidGpu.Tests;

/// <summary><c>pidgpu decompose --estimator gaussian</c> on sampled activation matrices of known Gaussian systems.</summary>
public class CliGaussianTests
{
    const int Samples = 200_000;
    static readonly string[] AtomNames = ["R", "U1", "U2", "S"];

    static (CliRun Run, JsonElement? Result) Decompose(TempFolder temp, params string[] args)
    {
        var outPath = temp.File("r.json");
        var run = CliRun.Of(["decompose", "--estimator", "gaussian", .. args, "--device", "cpu", "--out", outPath]);
        if (!File.Exists(outPath)) return (run, null);
        using var doc = JsonDocument.Parse(File.ReadAllText(outPath));
        return (run, doc.RootElement.Clone());
    }

    static void AssertNear(JsonElement atoms, IReadOnlyDictionary<string, double> want, double tolerance, string label)
    {
        var wrong = AtomNames.Where(want.ContainsKey)
            .Select(a => (a, got: atoms.GetProperty(a).GetDouble(), want: want[a]))
            .Where(t => !(Math.Abs(t.got - t.want) <= tolerance))
            .Select(t => $"{label}.{t.a}: got {t.got:R}, want {t.want}").ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void IndependentNoiseRedundant_MmiAndGpidMatchReference()
    {
        using var temp = new TempFolder();
        var c = GaussianCase.Named("indep-noise-redundant");
        var (x1, x2, y) = GaussianSamples.WriteCase(temp, c, Samples, seed: 11);
        var (run, result) = Decompose(temp, "--x1", x1, "--x2", x2, "--y", y);
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.StartsWith("device: cpu", run.Stderr);
        Assert.Contains("mmi", run.Stdout);
        Assert.Contains("gpid", run.Stdout);
        var r = result!.Value;
        AssertNear(r.GetProperty("measures").GetProperty("mmi"), c.Mmi, 0.01, "mmi");
        Assert.Equal(c.Mmi["I"], r.GetProperty("measures").GetProperty("mmi").GetProperty("I").GetDouble(), 0.01);
        // Scalar target: ~G-PID equals MMI.
        AssertNear(r.GetProperty("measures").GetProperty("gpid"), c.Gpid, 0.01, "gpid");
        Assert.True(r.GetProperty("measures").GetProperty("gpid").GetProperty("converged").GetBoolean());
        var input = r.GetProperty("input");
        Assert.Equal("gaussian", input.GetProperty("estimator").GetString());
        Assert.Equal(1, input.GetProperty("d1").GetInt32());
        Assert.Equal(Samples, input.GetProperty("samples").GetInt64());
        Assert.Equal(0, input.GetProperty("dropped_rows").GetInt64());
        Assert.Equal(0, r.GetProperty("settings").GetProperty("ridge").GetDouble());
        Assert.Equal("bits", r.GetProperty("units").GetString());
    }

    [Fact]
    public void VectorTargetDoubling_GpidMatchesReferenceAndDiffersFromMmi()
    {
        using var temp = new TempFolder();
        var c = GaussianCase.Named("vector-target-doubling");
        var (x1, x2, y) = GaussianSamples.WriteCase(temp, c, Samples, seed: 12);
        var (run, result) = Decompose(temp, "--x1", x1, "--x2", x2, "--y", y, "--measure", "mmi,gpid");
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var measures = result!.Value.GetProperty("measures");
        AssertNear(measures.GetProperty("mmi"), c.Mmi, 0.02, "mmi");
        AssertNear(measures.GetProperty("gpid"), c.Gpid, 0.02, "gpid");
        var gpid = measures.GetProperty("gpid");
        Assert.True(gpid.GetProperty("converged").GetBoolean());
        Assert.True(gpid.GetProperty("iterations").GetInt32() >= 1);
        Assert.True(gpid.GetProperty("gap_bits").GetDouble() >= 0);
        // MMI over-states redundancy here (1.29 vs 1.0 bit).
        Assert.True(measures.GetProperty("mmi").GetProperty("R").GetDouble() - gpid.GetProperty("R").GetDouble() > 0.2);
        var input = result.Value.GetProperty("input");
        Assert.Equal(2, input.GetProperty("d1").GetInt32());
        Assert.Equal(2, input.GetProperty("d2").GetInt32());
        Assert.Equal(2, input.GetProperty("dy").GetInt32());
    }

    [Fact]
    public void OnlyMmi_NoGpidKey()
    {
        using var temp = new TempFolder();
        var c = GaussianCase.Named("indep-noise-redundant");
        var (x1, x2, y) = GaussianSamples.WriteCase(temp, c, 2_000, seed: 13);
        var (run, result) = Decompose(temp, "--x1", x1, "--x2", x2, "--y", y, "--measure", "mmi");
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var measures = result!.Value.GetProperty("measures");
        Assert.True(measures.TryGetProperty("mmi", out _));
        Assert.False(measures.TryGetProperty("gpid", out _));
        Assert.DoesNotContain("gpid", run.Stdout);
    }

    [Fact]
    public void GpidNotConverged_Exit3WithResultWritten()
    {
        using var temp = new TempFolder();
        var c = GaussianCase.Named("vector-target-doubling");
        var (x1, x2, y) = GaussianSamples.WriteCase(temp, c, 5_000, seed: 14);
        var (run, result) = Decompose(temp, "--x1", x1, "--x2", x2, "--y", y, "--measure", "gpid",
            "--max-iterations", "1", "--target-gap", "1e-12");
        Assert.True(run.ExitCode == ExitCodes.NotConverged, run.ToString());
        Assert.Contains("warning: gpid", run.Stderr);
        Assert.False(result!.Value.GetProperty("measures").GetProperty("gpid").GetProperty("converged").GetBoolean());
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using PidGpu.Cli;

namespace PidGpu.Tests;

/// <summary>Sample-based inputs through the command, on systems whose decomposition is known exactly.</summary>
public class CliAnalyticTests
{
    const double Tolerance = 1e-6;
    static readonly string[] Measures = ["imin", "mmi", "broja"];

    /// <summary>Runs decompose with --out and returns the parsed result; fails with the run's output if it did not succeed.</summary>
    static JsonElement Decompose(TempFolder temp, params string[] input)
    {
        var outPath = temp.File("r.json");
        var run = CliRun.Of(["decompose", .. input, "--device", "cpu", "--out", outPath]);
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.StartsWith("device: cpu", run.Stderr);
        foreach (var m in Measures) Assert.Contains(m, run.Stdout);
        using var doc = JsonDocument.Parse(File.ReadAllText(outPath));
        return doc.RootElement.Clone();
    }

    static void AssertAtoms(JsonElement result, double r, double u1, double u2, double s)
    {
        var measures = result.GetProperty("measures");
        var wrong = new List<string>();
        foreach (var m in Measures)
            foreach (var (atom, want) in new[] { ("R", r), ("U1", u1), ("U2", u2), ("S", s), ("I", r + u1 + u2 + s) })
            {
                double got = measures.GetProperty(m).GetProperty(atom).GetDouble();
                if (!(Math.Abs(got - want) <= Tolerance)) wrong.Add($"{m}.{atom}: got {got:R}, want {want}");
            }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    /// <summary>y = x1 xor x2 with the four patterns equally often: one bit, all of it synergy, under every measure.</summary>
    [Fact]
    public void XorCounts_AreOneBitOfSynergy()
    {
        using var temp = new TempFolder();
        var rows = new StringBuilder("sample,y,x2,x1\n"); // column order and extra columns must not matter
        var rng = new Random(20240611);
        var patterns = Enumerable.Range(0, 100).Select(i => i % 4).OrderBy(_ => rng.Next()).ToArray();
        for (int i = 0; i < patterns.Length; i++)
        {
            int x1 = patterns[i] >> 1, x2 = patterns[i] & 1;
            rows.Append(CultureInfo.InvariantCulture, $"{i},{x1 ^ x2},{x2},{x1}\n");
        }

        var result = Decompose(temp, "--counts", temp.Write("xor.csv", rows.ToString()));

        AssertAtoms(result, r: 0, u1: 0, u2: 0, s: 1);
        Assert.Equal("counts", result.GetProperty("input").GetProperty("mode").GetString());
        Assert.Equal(100, result.GetProperty("input").GetProperty("samples").GetInt32());
    }

    /// <summary>
    /// Float levels 0..3 with jitter inside (0.1, 0.9), 25 samples per level pair, so equal-width and equal-count
    /// binning both recover the levels exactly.
    /// </summary>
    static (float[] Level1, float[] Level2) JitteredFactorial(int seed)
    {
        var rng = new Random(seed);
        var order = Enumerable.Range(0, 400).OrderBy(_ => rng.Next()).ToArray();
        var a = new float[400];
        var b = new float[400];
        for (int i = 0; i < 400; i++)
        {
            int k = order[i];
            a[i] = k % 4 + 0.1f + 0.8f * (float)rng.NextDouble();
            b[i] = k / 4 % 4 + 0.1f + 0.8f * (float)rng.NextDouble();
        }
        return (a, b);
    }

    /// <summary>X1 = X2 = Y, four equally likely bins: the two bits are fully redundant.</summary>
    [Theory]
    [InlineData("quantile")]
    [InlineData("uniform")]
    public void IdenticalColumns_AreTwoBitsOfRedundancy(string binning)
    {
        using var temp = new TempFolder();
        var (x, _) = JitteredFactorial(seed: 7);
        var file = temp.WriteColumn("x.txt", x);

        var result = Decompose(temp, "--x1", file, "--x2", file, "--y", file, "--bins", "4", "--binning", binning);

        AssertAtoms(result, r: 2, u1: 0, u2: 0, s: 0);
        var input = result.GetProperty("input");
        Assert.Equal((4, 4, 4), (input.GetProperty("n1").GetInt32(), input.GetProperty("n2").GetInt32(), input.GetProperty("ny").GetInt32()));
        Assert.Equal(binning, input.GetProperty("binning").GetString());
    }

    /// <summary>Y = X1 with X2 independent of both (balanced design): the two bits are unique to X1.</summary>
    [Fact]
    public void TargetCopiesX1_CsvColumns_AreTwoBitsUniqueToX1()
    {
        using var temp = new TempFolder();
        var (x1, x2) = JitteredFactorial(seed: 11);
        var csv = new StringBuilder("x1,x2,y\n");
        for (int i = 0; i < x1.Length; i++)
            csv.Append(CultureInfo.InvariantCulture, $"{x1[i]:R},{x2[i]:R},{x1[i]:R}\n");
        var table = temp.Write("table.csv", csv.ToString());

        var result = Decompose(temp, "--x1", table + ":x1", "--x2", table + ":x2", "--y", table + ":y", "--bins", "4", "--binning", "quantile");

        AssertAtoms(result, r: 0, u1: 2, u2: 0, s: 0);
    }
}

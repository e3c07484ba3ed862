using System.Text.Json;
using PidGpu.Cli;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary><c>pidgpu decompose --estimator gaussian</c> with the PID Flow stages: --pca, --gaussianize, --bootstrap, --permutations.</summary>
public class CliPipelineTests
{
    const int Rows = 20_000;
    const double Sigma = 0.5;

    /// <summary>Y = X1 + σe with X1 embedded in 24 columns (plus small noise) and observed through exp; X2 independent.</summary>
    static (string X1, string X2, string Y) WriteUniqueSystem(TempFolder temp, int nanRow = -1)
    {
        var s = SyntheticSystems.Unique(Rows, Sigma, seed: 401);
        const int width = 24;
        var rng = new Random(402);
        var wide = new float[Rows * width];
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < width; c++)
                wide[r * width + c] = (float)((c % 3 + 1) * s.X1[r] + 0.01 * (rng.NextDouble() - 0.5));
        if (nanRow >= 0) wide[nanRow * width + 5] = float.NaN;
        var y = s.Y.Select(MathF.Exp).ToArray();
        return (GaussianSamples.WriteNpy(temp, "x1.npy", wide, width), GaussianSamples.WriteNpy(temp, "x2.npy", s.X2, 1),
            GaussianSamples.WriteNpy(temp, "y.npy", y, 1));
    }

    static (CliRun Run, JsonElement? Result) Decompose(TempFolder temp, params string[] args)
    {
        var outPath = temp.File("r.json");
        var (x1, x2, y) = WriteUniqueSystem(temp);
        var run = CliRun.Of(["decompose", "--estimator", "gaussian", "--x1", x1, "--x2", x2, "--y", y, .. args, "--device", "cpu", "--out", outPath]);
        if (!File.Exists(outPath)) return (run, null);
        using var doc = JsonDocument.Parse(File.ReadAllText(outPath));
        return (run, doc.RootElement.Clone());
    }

    [Fact]
    public void PcaCopulaBootstrapAndPermutations_RecoverTheUniqueInformation_AndRecordEveryStage()
    {
        using var temp = new TempFolder();
        var (run, result) = Decompose(temp, "--pca", "2", "--gaussianize", "copula", "--bootstrap", "40", "--permutations", "20", "--seed", "5");
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("pca: X1 24 -> 2 components", run.Stderr);
        Assert.Contains("mmi bootstrap 95% interval (40 resamples)", run.Stdout);
        Assert.Contains("shuffled-Y null (20 permutations", run.Stdout);
        var r = result!.Value;

        double want = 0.5 * Math.Log2(1 + 1 / (Sigma * Sigma));
        var mmi = r.GetProperty("measures").GetProperty("mmi");
        Assert.True(Math.Abs(mmi.GetProperty("U1").GetDouble() - want) < 0.02, mmi.ToString());
        Assert.True(Math.Abs(mmi.GetProperty("U2").GetDouble()) < 0.01, mmi.ToString());

        var settings = r.GetProperty("settings");
        Assert.Equal(2, settings.GetProperty("pca").GetInt32());
        Assert.Equal("copula", settings.GetProperty("gaussianize").GetString());
        var x1 = r.GetProperty("reduction")[0];
        Assert.Equal(24, x1.GetProperty("input_columns").GetInt32());
        Assert.Equal(2, x1.GetProperty("columns").GetInt32());
        Assert.True(x1.GetProperty("explained_variance").GetDouble() > 0.999, x1.ToString());

        var boot = r.GetProperty("uncertainty").GetProperty("mmi").GetProperty("bootstrap").GetProperty("U1");
        Assert.True(boot.GetProperty("lower").GetDouble() < want + 0.02 && want - 0.02 < boot.GetProperty("upper").GetDouble(), boot.ToString());
        var perm = r.GetProperty("uncertainty").GetProperty("gpid").GetProperty("permutation");
        Assert.True(perm.GetProperty("null_upper").GetProperty("I").GetDouble() < 0.01, perm.ToString());
        Assert.Equal(1.0 / 21, perm.GetProperty("p_value_I").GetDouble(), 12);
    }

    [Fact]
    public void WithoutCopula_TheExpDistortedTargetLosesInformation()
    {
        using var temp = new TempFolder();
        var (run, result) = Decompose(temp, "--pca", "2");
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        double want = 0.5 * Math.Log2(1 + 1 / (Sigma * Sigma));
        double got = result!.Value.GetProperty("measures").GetProperty("mmi").GetProperty("I").GetDouble();
        Assert.True(want - got > 0.1, $"I = {got} without Gaussianization vs {want}: the exp() target should cost information");
    }

    [Fact]
    public void DropNonFinite_WorksThroughThePipeline()
    {
        using var temp = new TempFolder();
        var (x1, x2, y) = WriteUniqueSystem(temp, nanRow: 7);
        var bad = CliRun.Of("decompose", "--estimator", "gaussian", "--x1", x1, "--x2", x2, "--y", y, "--pca", "2", "--device", "cpu");
        Assert.Equal(ExitCodes.BadInput, bad.ExitCode);
        Assert.Contains("row 7, column 5", bad.Stderr);
        var ok = CliRun.Of("decompose", "--estimator", "gaussian", "--x1", x1, "--x2", x2, "--y", y, "--pca", "2",
            "--gaussianize", "copula", "--drop-nonfinite", "--device", "cpu");
        Assert.True(ok.ExitCode == ExitCodes.Success, ok.ToString());
        Assert.Contains($"dropped 1 of {Rows} rows", ok.Stderr);
    }

    [Theory]
    [InlineData("--gaussianize", "magic", "--gaussianize 'magic' is not one of none, copula, flow")]
    [InlineData("--pca", "-1", "--pca must be >= 0")]
    [InlineData("--bootstrap", "-3", "--bootstrap must be >= 0")]
    [InlineData("--flow-steps", "10", "--flow-steps only apply with --gaussianize flow")]
    public void BadPipelineOptions_AreNamed(string flag, string value, string message)
    {
        using var temp = new TempFolder();
        var (run, result) = Decompose(temp, flag, value);
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains(message, run.Stderr);
        Assert.Null(result);
    }

    [Fact]
    public void PipelineFlags_AreRejectedByTheDiscreteEstimator()
    {
        var run = CliRun.Of("decompose", "--joint", "x.json", "--gaussianize", "copula", "--bootstrap", "5");
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("--gaussianize, --bootstrap apply only to --estimator gaussian", run.Stderr);
        // --pca also serves the discrete route, but only on matrices.
        run = CliRun.Of("decompose", "--joint", "x.json", "--pca", "4");
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("--pca and --discretize apply to .npy/.safetensors matrices", run.Stderr);
    }

    [Fact]
    public void DiscreteMatrices_SignOfProduct_IsOneBitOfSynergy()
    {
        using var temp = new TempFolder();
        var s = SyntheticSystems.SignSynergy(100_000, seed: 403);
        var run = CliRun.Of("decompose", "--x1", GaussianSamples.WriteNpy(temp, "a.npy", s.X1, 1), "--x2", GaussianSamples.WriteNpy(temp, "b.npy", s.X2, 1),
            "--y", GaussianSamples.WriteNpy(temp, "c.npy", s.Y, 1), "--bins", "2", "--measure", "broja", "--target-gap", "1e-6", "--device", "cpu");
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var broja = run.Stdout.Split('\n').Single(l => l.StartsWith("broja", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..5].Select(double.Parse).ToArray();
        // As in PipelineRecoveryTests: the median split misses 0 by O(N^-1/2), costing about 0.013 bit at this N.
        Assert.True(Math.Abs(broja[3] - 1) < 0.02 && broja.Take(3).All(a => Math.Abs(a) < 0.01), run.Stdout);
    }

    [Fact]
    public void DiscreteMatrices_KMeansOfPcaScores_RecoverTwoBitsUniqueToX1()
    {
        // X1: one of four well-separated cluster centres in 12 dims (plus noise); Y names the cluster; X2 is noise.
        using var temp = new TempFolder();
        const int n = 8000, width = 12;
        var rng = new Random(404);
        var centres = Enumerable.Range(0, 4).Select(_ => Enumerable.Range(0, width).Select(_ => 10 * (rng.NextDouble() - 0.5)).ToArray()).ToArray();
        var x1 = new float[n * width];
        var x2 = new float[n];
        var y = new float[n];
        for (int r = 0; r < n; r++)
        {
            int label = r % 4;
            for (int c = 0; c < width; c++) x1[r * width + c] = (float)(centres[label][c] + 0.1 * (rng.NextDouble() - 0.5));
            x2[r] = (float)rng.NextDouble();
            y[r] = label + (float)(0.01 * rng.NextDouble());
        }
        var outPath = temp.File("k.json");
        var run = CliRun.Of("decompose", "--x1", GaussianSamples.WriteNpy(temp, "a.npy", x1, width), "--x2", GaussianSamples.WriteNpy(temp, "b.npy", x2, 1),
            "--y", GaussianSamples.WriteNpy(temp, "c.npy", y, 1), "--bins", "4", "--pca", "3", "--discretize", "kmeans", "--measure", "mmi",
            "--device", "cpu", "--out", outPath);
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        using var doc = JsonDocument.Parse(File.ReadAllText(outPath));
        var mmi = doc.RootElement.GetProperty("measures").GetProperty("mmi");
        Assert.Equal(2.0, mmi.GetProperty("U1").GetDouble(), 2);
        Assert.True(Math.Abs(mmi.GetProperty("R").GetDouble()) < 0.01, mmi.ToString());
        Assert.Equal(4, doc.RootElement.GetProperty("input").GetProperty("n1").GetInt32());
    }

    [Fact]
    public void DiscreteMatrices_RejectBinningAndUnknownDiscretize()
    {
        using var temp = new TempFolder();
        var a = GaussianSamples.WriteNpy(temp, "a.npy", [1, 2, 3, 4], 1);
        var run = CliRun.Of("decompose", "--x1", a, "--x2", a, "--y", a, "--bins", "2", "--discretize", "spectral");
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("--discretize 'spectral' is not one of kmeans, quantile", run.Stderr);
        run = CliRun.Of("decompose", "--x1", a, "--x2", a, "--y", a, "--bins", "2", "--binning", "uniform");
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("--binning applies to float columns", run.Stderr);
    }
}

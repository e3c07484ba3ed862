using PidGpu.Report;
using PidGpu.Cli;
using PidGpu.Device;
using PidGpu.Models.Analysis;
using PidGpu.Models.Capture;
using PidGpu.Pipeline;
using PidGpu.Tests.Support;
using PidGpu.Reduce;

namespace PidGpu.Tests;

/// <summary>
/// <c>pidgpu analyze --states</c>: a capture folder (written through the capture's spill) reads back exactly the arrays it was
/// made from, and the command gives exactly the records of the library's analysis of it, per task in interleaved rows; the designed structure shows (Y made from the
/// image state at layer 0 and from the question state at the last layer); bad input exits 2.
/// </summary>
public sealed class CliAnalyzeStatesTests : IDisposable
{
    const int PerTask = 80, D = 10, Layers = 3;
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    /// <summary>Rows alternate between two tasks. Y = column 0 of the image state at layer 0 and column 0 of the question state at
    /// layer 2, plus noise; every other value is independent noise.</summary>
    internal static CapturedStates Synthetic(int seed, string directory) => Synthetic(seed, directory, out _, out _);

    internal static CapturedStates Synthetic(int seed, string directory, out float[][] vision, out float[][] language,
        Action<float[][], float[][]>? alter = null)
    {
        var rng = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        int n = 2 * PerTask;
        vision = Enumerable.Range(0, Layers).Select(_ => Enumerable.Range(0, n * D).Select(_ => (float)Normal()).ToArray()).ToArray();
        language = Enumerable.Range(0, Layers).Select(_ => Enumerable.Range(0, n * D).Select(_ => (float)Normal()).ToArray()).ToArray();
        var y = new float[n];
        var samples = new List<CapturedSample>();
        for (int i = 0; i < n; i++)
        {
            y[i] = (float)(Normal() * 0.5);
            vision[0][i * D] += y[i] * 2;
            language[Layers - 1][i * D] += y[i] * 2;
            string task = i % 2 == 0 ? "ChooseAttr" : "QueryAttr";
            samples.Add(new CapturedSample($"q{i}", task, i % 3 == 0 ? "yes" : "no", "yes", i % 3 == 0));
        }
        var accuracy = new Dictionary<string, TaskAccuracy> { ["ChooseAttr"] = new(100, 80), ["QueryAttr"] = new(160, 80) };
        alter?.Invoke(vision, language);
        return StatesFolder.Write(directory, D, vision, language, y, samples, new CaptureInfo("synthetic", RegionPooling.Mean, true, "f32", "t", accuracy));
    }

    [Theory]
    [InlineData("gaussian")]
    [InlineData("discrete")]
    public void FromFile_EqualsTheSameArraysInMemory(string estimator)
    {
        string dir = temp.File("states"), runDir = temp.File("run");
        using var states = Synthetic(3, dir, out var vision, out var language);
        for (int l = 0; l < Layers; l++)
        {
            Assert.Equal(vision[l], states.ReadLayer(l, StateRegion.Vision));
            Assert.Equal(language[l], states.ReadLayer(l, StateRegion.Language));
        }
        var run = CliRun.Of("analyze", "--states", dir, "--estimator", estimator, "--bins", "3", "--device", "cpu", "--out", runDir);
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var fromFile = RunResults.Load(runDir);

        using var device = PidDevice.Create(DeviceKind.Cpu);
        // --states defaults to the paper's 95 % of the variance (the in-memory options default to the scene model's 8).
        var options = new LayerwiseOptions
        {
            Estimator = estimator == "discrete" ? LayerEstimator.Discrete : LayerEstimator.Gaussian, Bins = 3, Pca = PcaSize.Paper,
        };
        var inMemory = StatesAnalysis.Run(device, states, options);

        Assert.Equal(2 * Layers, inMemory.Records.Count);
        Assert.Equal(inMemory.Records.Count, fromFile.Records.Count);
        foreach (var expected in inMemory.Records)
        {
            var got = fromFile.Records.Single(r => r.Task == expected.Task && r.Layer == expected.Layer);
            Assert.Equal("synthetic", got.Model);
            Assert.Equal(PerTask, got.Samples);
            foreach (var atom in new[] { Atom.R, Atom.U1, Atom.U2, Atom.S, Atom.I })
                Assert.Equal(expected.Get(atom), got.Get(atom), 12);
        }
        Assert.Equal(0.8, fromFile.Records.First(r => r.Task == "ChooseAttr").Accuracy!.Value, 12);
        Assert.Equal(0.5, fromFile.Records.First(r => r.Task == "QueryAttr").Accuracy!.Value, 12);
        if (estimator == "gaussian")
            foreach (var task in new[] { "ChooseAttr", "QueryAttr" })
            {
                var first = fromFile.Records.Single(r => r.Task == task && r.Layer == 0);
                var last = fromFile.Records.Single(r => r.Task == task && r.Layer == Layers - 1);
                Assert.True(first.U1 > 0.3 && first.U2 < 0.1, $"{task} layer 0: U1 {first.U1}, U2 {first.U2}");
                Assert.True(last.U2 > 0.3 && last.U1 < 0.1, $"{task} last layer: U1 {last.U1}, U2 {last.U2}");
            }
    }

    [Fact]
    public void TaskFilter_AndBadInput()
    {
        string dir = temp.File("states");
        Synthetic(4, dir).Dispose();
        var one = CliRun.Of("analyze", "--states", dir, "--tasks", "queryattr", "--device", "cpu", "--out", temp.File("one"));
        Assert.True(one.ExitCode == ExitCodes.Success, one.ToString());
        Assert.All(RunResults.Load(temp.File("one")).Records, r => Assert.Equal("QueryAttr", r.Task));

        var none = CliRun.Of("analyze", "--states", dir, "--tasks", "ChooseCat", "--out", temp.File("x"));
        Assert.Equal(ExitCodes.BadInput, none.ExitCode);
        Assert.Contains("none of the tasks ChooseCat", none.Stderr);

        var neither = CliRun.Of("analyze", "--out", temp.File("x"));
        Assert.Equal(ExitCodes.BadInput, neither.ExitCode);
        Assert.Contains("--states STATES_DIR", neither.Stderr);

        var missing = CliRun.Of("analyze", "--states", temp.File("nowhere"), "--out", temp.File("x"));
        Assert.Equal(ExitCodes.BadInput, missing.ExitCode);
        Assert.Contains("no such directory", missing.Stderr);

        File.WriteAllLines(Path.Combine(dir, CapturedStates.SamplesFile), File.ReadAllLines(Path.Combine(dir, CapturedStates.SamplesFile)).Skip(1));
        var torn = CliRun.Of("analyze", "--states", dir, "--out", temp.File("x"));
        Assert.Equal(ExitCodes.BadInput, torn.ExitCode);
        Assert.Contains("is not the samples.jsonl that", torn.Stderr);
        Assert.False(Directory.Exists(temp.File("x")));
    }

    /// <summary>A NaN or ±∞ in a layer's states (a model's activation, say from an f16 overflow) is named by its sample, row and
    /// column, by the library (fields) and the command line (exit 2, no results: only the checkpoint of the task finished
    /// before it), without the matrix routes' remedy of dropping rows, which a layer-wise run does not offer.</summary>
    [Theory]
    [InlineData("gaussian", float.NaN)]
    [InlineData("discrete", float.PositiveInfinity)]
    public void NonFiniteState_NamesTheSample_AndWritesNothing(string estimator, float bad)
    {
        string dir = temp.File("states");
        const int sample = 7, column = 4; // q7 is QueryAttr's row 3 (the tasks alternate)
        Synthetic(5, dir, out _, out _, (vision, _) => vision[1][sample * D + column] = bad).Dispose();

        using (var device = PidDevice.Create(DeviceKind.Cpu))
        using (var states = CapturedStates.Load(dir))
        {
            var options = new LayerwiseOptions { Estimator = estimator == "discrete" ? LayerEstimator.Discrete : LayerEstimator.Gaussian, Bins = 3 };
            var e = Assert.Throws<PidInputException>(() => StatesAnalysis.Run(device, states, options, ["QueryAttr"]));
            Assert.Equal((3L, column), (e.Row!.Value, e.Column!.Value));
            Assert.Null(e.Setting);
            Assert.Contains("sample 'q7'", e.Message);
        }

        string output = temp.File("run");
        var run = CliRun.Of("analyze", "--states", dir, "--estimator", estimator, "--bins", "3", "--device", "cpu", "--out", output);
        Assert.True(run.ExitCode == ExitCodes.BadInput, run.ToString());
        Assert.Contains("QueryAttr layer 1 vision: row 3, column 4", run.Stderr);
        Assert.Contains("sample 'q7'", run.Stderr);
        Assert.Contains("must be finite", run.Stderr);
        Assert.DoesNotContain("--drop-nonfinite", run.Stderr);
        Assert.Equal([RunCheckpointFile.FileName], Directory.GetFiles(output).Select(Path.GetFileName));
    }

    /// <summary>A feature that is the same in every sample (a dead unit) carries no information, so a layer where it is constant
    /// gives exactly the atoms of the same states without that feature; the run says it left it out.</summary>
    [Theory]
    [InlineData("gaussian")]
    [InlineData("discrete")]
    public void ConstantFeature_IsLeftOut_GivingTheAtomsOfTheStatesWithoutIt(string estimator)
    {
        const int column = 3, layer = 1;
        // Column 3 of the question state is constant in every layer, of the image state only at layer 1.
        using var withColumn = Synthetic(6, temp.File("with"), out var vision, out var language, (v, l) =>
        {
            for (int i = 0; i < 2 * PerTask; i++)
            {
                v[layer][i * D + column] = 2.5f;
                foreach (var m in l) m[i * D + column] = -1f;
            }
        });
        float[] Without(float[] m) => [.. m.Where((_, index) => index % D != column)];
        StatesFolder.Write(temp.File("without"), D - 1, [.. vision.Select(Without)], [.. language.Select(Without)],
            withColumn.Target, withColumn.Samples, withColumn.Info).Dispose();

        RunResults Analyse(string states, out string stderr)
        {
            var run = CliRun.Of("analyze", "--states", temp.File(states), "--estimator", estimator, "--bins", "3", "--pca", "3",
                "--device", "cpu", "--out", temp.File(states + "-run"));
            Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
            stderr = run.Stderr;
            return RunResults.Load(temp.File(states + "-run"));
        }
        var expected = Analyse("without", out _);
        var got = Analyse("with", out var log);
        foreach (var task in new[] { "ChooseAttr", "QueryAttr" })
        {
            var e = expected.Records.Single(r => r.Task == task && r.Layer == layer);
            var g = got.Records.Single(r => r.Task == task && r.Layer == layer);
            foreach (var atom in new[] { Atom.R, Atom.U1, Atom.U2, Atom.S, Atom.I })
                Assert.Equal(e.Get(atom), g.Get(atom));
            Assert.Contains($"{task} layer {layer} vision: 1 of {D} features are constant over the {PerTask} samples", log);
            Assert.Contains($"{task} layer 0 language: 1 of {D} features are constant", log);
        }
        Assert.DoesNotContain("layer 0 vision: 1 of", log);
    }

    [Fact]
    public void RegionWithNoVaryingFeature_Exits2_NamingTheLayer()
    {
        string dir = temp.File("states");
        Synthetic(7, dir, out _, out _, (vision, _) => Array.Fill(vision[2], 0.5f)).Dispose();
        var run = CliRun.Of("analyze", "--states", dir, "--device", "cpu", "--out", temp.File("run"));
        Assert.True(run.ExitCode == ExitCodes.BadInput, run.ToString());
        Assert.Contains($"layer 2 vision: all {D} features are the same in every one of the {PerTask} samples", run.Stderr);
    }
}

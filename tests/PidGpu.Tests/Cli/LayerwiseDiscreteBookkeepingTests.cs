using PidGpu.Report;
using PidGpu.Cli;
using PidGpu.Inputs.Scenes;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// The discrete route's bookkeeping, through <see cref="PidGpu.Models.Analysis.StatesAnalysis"/> (every run's estimation) on the
/// tiny model's capture of the written XorSynergy scenes: a BROJA iteration cap too small to converge is logged per layer with
/// its gap (the atoms are still recorded), and a bootstrap gives every atom an interval with lower ≤ upper.
/// </summary>
public class LayerwiseDiscreteBookkeepingTests
{
    sealed class Lines : PidGpu.Progress.IProgressSink
    {
        public List<string> All { get; } = [];
        public void Changed(PidGpu.Progress.RunProgress progress) { }
        public void Log(string line) => All.Add(line);
    }

    [Fact]
    public void NotConverged_IsLogged_AndBootstrapGivesIntervals()
    {
        using var temp = new TempFolder();
        var scenes = CliRun.Of("scenes", "--tasks", "XorSynergy", "--per-task", "100", "--out", temp.File("scenes"));
        Assert.True(scenes.ExitCode == ExitCodes.Success, scenes.ToString());
        var capture = CliRun.Of("capture", "--model", Path.Combine(SharedCanonical.RepoRoot(), "models", "tiny-vlm"),
            "--data", Path.Combine(temp.File("scenes"), "questions.jsonl"), "--out", temp.File("states"));
        Assert.True(capture.ExitCode == ExitCodes.Success, capture.ToString());
        using var states = PidGpu.Models.Capture.CapturedStates.Load(temp.File("states"));
        using var device = PidGpu.Device.PidDevice.Create(PidGpu.Device.DeviceKind.Cpu);
        var lines = new Lines();
        var options = new PidGpu.Models.Analysis.LayerwiseOptions
        {
            Estimator = PidGpu.Models.Analysis.LayerEstimator.Discrete, Target = PidGpu.Models.Analysis.LayerTarget.Answer, Bins = 4,
            Bootstrap = 20, BrojaGapBits = 1e-12, BrojaMaxIterations = 1,
        };
        var run = PidGpu.Models.Analysis.StatesAnalysis.Run(device, states, options, null, new PidGpu.Progress.RunProgress(lines));

        Assert.Equal(states.LayerCount, run.Records.Count);
        Assert.Contains(lines.All, l => l.Contains("BROJA did not converge in 1 iterations; gap"));
        Assert.All(run.Records, r =>
        {
            Assert.NotNull(r.Lower);
            Assert.NotNull(r.Upper);
            foreach (var atom in new[] { Atom.R, Atom.U1, Atom.U2, Atom.S, Atom.I })
                Assert.True(LayerRecord.Get(r.Lower!, atom) <= LayerRecord.Get(r.Upper!, atom), $"layer {r.Layer} {atom}");
        });
    }
}

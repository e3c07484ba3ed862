using MathNet.Numerics.Statistics;
using PidGpu.Report;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

public class AnalysisSummaryTests
{
    static LayerRecord Rec(int layer, double r, double u1, double u2, double s, string model = "m", string task = "t", string condition = Conditions.Intact)
        => new(model, task, layer, condition, r, u1, u2, s, r + u1 + u2 + s, 100);

    static RunResults Run(params LayerRecord[] records) => new(RunSettings.Empty, records);

    [Fact]
    public void Summary_HandBuiltTrajectory_KnownReadOffs()
    {
        // U1 = 1, 3, 2, 3, 0: the peak is 3, first reached at layer 1 (earliest on ties).
        // Last layer: R 0.5, U1 0, U2 3, S 0.5 → I 4, U2 share 0.75. S/I: 0, 0.1, 0.25, 0, 0.125 → max 0.25 at layer 2.
        var run = Run(
            Rec(0, 1, 1, 0, 0),
            Rec(4, 0.5, 0, 3, 0.5),   // out of order on purpose
            Rec(1, 1, 3, 5, 1),
            Rec(2, 1, 2, 0, 1),
            Rec(3, 1, 3, 1, 0));
        var s = Assert.Single(RunSummary.Of(run).Series);
        Assert.Equal(5, s.Layers);
        Assert.Equal(4, s.LastLayer);
        Assert.Equal(1, s.VisionPeakLayer);
        Assert.Equal(3, s.VisionPeakBits);
        Assert.Equal(0.75, s.LanguageShareLast.Value!.Value, 12);
        Assert.Equal(0.25, s.MaxSynergyShare.Value!.Value, 12);
        Assert.Equal(2, s.MaxSynergyLayer);
    }

    [Fact]
    public void Summary_ZeroTotal_IsUndefinedWithReasonNotNaN()
    {
        var run = Run(Rec(0, 0, 0, 0, 0), Rec(1, 0, 0, 0, 0));
        var s = Assert.Single(RunSummary.Of(run).Series);
        Assert.Null(s.LanguageShareLast.Value);
        Assert.Contains("I at layer 1", s.LanguageShareLast.Undefined);
        Assert.Null(s.MaxSynergyShare.Value);
        Assert.Null(s.MaxSynergyLayer);
        var json = RunSummary.Of(run).ToJson();
        Assert.DoesNotContain("NaN", json);
        Assert.Contains("\"undefined\"", json);
        Assert.Contains("undef.", RunSummary.Of(run).ToTable());
    }

    [Fact]
    public void Summary_Stages_FollowThePapersSplitAt32Layers()
    {
        // U1 = layer index, so a stage's U1 mean is the mean of its layer indices: 0..10 → 5, 11..20 → 15.5, 21..32 → 26.5.
        var run = Run(Enumerable.Range(0, 33).Select(l => Rec(l, 1, l, 1, 0)).ToArray());
        var stages = Assert.Single(RunSummary.Of(run).Series).Stages;
        Assert.Equal(["early", "middle", "late"], stages.Select(x => x.Stage));
        Assert.Equal((0, 10, 5.0), (stages[0].FirstLayer, stages[0].LastLayer, stages[0].U1));
        Assert.Equal((11, 20, 15.5), (stages[1].FirstLayer, stages[1].LastLayer, stages[1].U1));
        Assert.Equal((21, 32, 26.5), (stages[2].FirstLayer, stages[2].LastLayer, stages[2].U1));
    }

    [Fact]
    public void Summary_OnePerSeries_ModelTaskCondition()
    {
        var summary = RunSummary.Of(SyntheticRun.Build());
        Assert.Equal(SyntheticRun.Tasks.Length * 2, summary.Series.Count);
        // Built with U1 peaking at layer 1 + task index.
        for (int t = 0; t < SyntheticRun.Tasks.Length; t++)
            Assert.Equal(1 + t, summary.Series.First(x => x.Task == SyntheticRun.Tasks[t] && x.Condition == Conditions.Intact).VisionPeakLayer);
    }

    [Fact]
    public void Compare_PearsonMatchesMathNet_PerAtomAndTask()
    {
        var rng = new Random(11);
        LayerRecord RandomRec(string model, string task, int l) => Rec(l, rng.NextDouble(), rng.NextDouble(), rng.NextDouble(), rng.NextDouble(), model, task);
        var a = Run([.. Enumerable.Range(0, 33).SelectMany(l => new[] { RandomRec("llava-1.5", "A", l), RandomRec("llava-1.5", "B", l) })]);
        // B lacks layers 5 and 6 of task A: only common layers are paired.
        var b = Run([.. Enumerable.Range(0, 33).SelectMany(l => new[] { RandomRec("llava-1.6", "A", l), RandomRec("llava-1.6", "B", l) })
            .Where(r => !(r.Task == "A" && r.Layer is 5 or 6))]);

        var cmp = RunComparison.Of(a, b);
        Assert.Equal(2, cmp.Pairs.Count);
        foreach (var pair in cmp.Pairs)
        {
            var bByLayer = b.Records.Where(r => r.Task == pair.Task).ToDictionary(r => r.Layer);
            var common = a.Records.Where(r => r.Task == pair.Task && bByLayer.ContainsKey(r.Layer)).OrderBy(r => r.Layer).ToList();
            Assert.Equal(pair.Task == "A" ? 31 : 33, pair.Layers);
            Assert.Equal(("llava-1.5", "llava-1.6"), (pair.ModelA, pair.ModelB));
            foreach (var c in pair.Atoms)
            {
                double expected = Correlation.Pearson(common.Select(r => r.Get(c.Atom)), common.Select(r => bByLayer[r.Layer].Get(c.Atom)));
                Assert.Equal(expected, c.R.Value!.Value, 12);
            }
            Assert.Equal(pair.Atoms.Where(c => c.Atom != Atom.I).Average(c => c.R.Value!.Value), pair.Mean.Value!.Value, 12);
        }
        foreach (var m in cmp.MeanByAtom)
            Assert.Equal(cmp.Pairs.Average(p => p.Atoms.First(c => c.Atom == m.Atom).R.Value!.Value), m.R.Value!.Value, 12);
    }

    [Fact]
    public void Compare_ScaledCopy_HasROne_AndConstantAtomIsUndefined()
    {
        var a = SyntheticRun.Build(knockout: false);
        var b = SyntheticRun.Build(model: "other", knockout: false, scale: 2.5);
        var cmp = RunComparison.Of(a, b);
        Assert.All(cmp.Pairs.SelectMany(p => p.Atoms), c => Assert.Equal(1.0, c.R.Value!.Value, 10));

        var flat = Run(Enumerable.Range(0, 5).Select(l => Rec(l, 1, l, 2, 0.5)).ToArray());
        var c2 = RunComparison.Of(flat, flat);
        var r = c2.Pairs[0].Atoms.First(x => x.Atom == Atom.R).R;
        Assert.Null(r.Value);
        Assert.Contains("constant", r.Undefined);
        Assert.Equal(1.0, c2.Pairs[0].Atoms.First(x => x.Atom == Atom.U1).R.Value!.Value, 12);
        Assert.DoesNotContain("NaN", c2.ToJson());
    }

    [Fact]
    public void Compare_NoOverlap_IsAnInputError()
    {
        var a = Run(Rec(0, 1, 1, 1, 1, task: "A"), Rec(1, 1, 2, 1, 1, task: "A"));
        var b = Run(Rec(0, 1, 1, 1, 1, task: "B"), Rec(1, 1, 2, 1, 1, task: "B"));
        var ex = Assert.Throws<PidInputException>(() => RunComparison.Of(a, b));
        Assert.Contains("in common", ex.Message);

        var twoModels = Run(Rec(0, 1, 1, 1, 1, model: "x"), Rec(0, 1, 1, 1, 1, model: "y"));
        Assert.Throws<PidInputException>(() => RunComparison.Of(twoModels, Run(Rec(0, 1, 1, 1, 1, model: "z"))));
    }

    [Fact]
    public void Pearson_TooFewLayers_IsUndefined()
        => Assert.Contains("at least 3", Pearson.Of([1.0, 2.0], [2.0, 1.0]).Undefined);

    [Fact]
    public void KnockoutDeltas_HandComputed()
    {
        // Intact at the last layer: R 2, U1 1, U2 4, S 0.5 (I 7.5); knockout: R 2, U1 1.5, U2 3, S 1 (I 7.5).
        // ΔR 0%, ΔU1 +50%, ΔU2 −25%, ΔS +100%, ΔI 0%, Dep = (50 + 100 + 0) / 3 = 50. Layer 0 differs and must not be used.
        const string ko = "knockout:0-31";
        var run = Run(
            Rec(0, 1, 1, 1, 1) with { Accuracy = 0.9 }, Rec(0, 9, 9, 9, 9, condition: ko),
            Rec(1, 2, 1, 4, 0.5) with { Accuracy = 0.8 }, Rec(1, 2, 1.5, 3, 1, condition: ko) with { Accuracy = 0.5 });
        var d = Assert.Single(KnockoutDeltas.Of(run));
        Assert.Equal((1, ko), (d.Layer, d.Condition));
        Assert.Equal(0, d.Percent[Atom.R].Value!.Value, 12);
        Assert.Equal(50, d.Percent[Atom.U1].Value!.Value, 12);
        Assert.Equal(-25, d.Percent[Atom.U2].Value!.Value, 12);
        Assert.Equal(100, d.Percent[Atom.S].Value!.Value, 12);
        Assert.Equal(0, d.Percent[Atom.I].Value!.Value, 12);
        Assert.Equal(50, d.Dependence.Value!.Value, 12);
        Assert.Equal(-0.3, d.AccuracyChange!.Value, 12);

        // At layer 0, every atom grows from 1 to 9 bits: +800% each; I from 4 to 36: +800%.
        var d0 = Assert.Single(KnockoutDeltas.Of(run, layer: 0));
        Assert.Equal(800, d0.Percent[Atom.S].Value!.Value, 12);
        Assert.Equal(800, d0.Dependence.Value!.Value, 12);
        Assert.Null(d0.AccuracyChange);
    }

    [Fact]
    public void KnockoutDeltas_ZeroBaseline_IsUndefined_AndSeparateIntactRunWorks()
    {
        const string ko = "knockout:0-7";
        var intact = Run(Rec(3, 1, 1, 1, 0));
        var knock = Run(Rec(3, 1, 1, 1, 0.2, condition: ko));
        var d = Assert.Single(KnockoutDeltas.Of(knock, intact));
        Assert.Null(d.Percent[Atom.S].Value);
        Assert.Equal("base < 0.001 bits", d.Percent[Atom.S].Undefined);
        Assert.Null(d.Dependence.Value);
        Assert.Equal(20.0 / 3, d.Percent[Atom.I].Value!.Value, 12);
        Assert.DoesNotContain("NaN", KnockoutDeltas.ToTable([d]));
    }

    [Fact]
    public void KnockoutDeltas_MissingPartners_AreInputErrors()
    {
        Assert.Contains("no knockout series", Assert.Throws<PidInputException>(() => KnockoutDeltas.Of(Run(Rec(0, 1, 1, 1, 1)))).Message);
        Assert.Contains("no intact series", Assert.Throws<PidInputException>(() => KnockoutDeltas.Of(Run(Rec(0, 1, 1, 1, 1, condition: "knockout:0-1")))).Message);
        var run = Run(Rec(0, 1, 1, 1, 1), Rec(0, 1, 1, 1, 1, condition: "knockout:0-1"));
        Assert.Contains("layer 5", Assert.Throws<PidInputException>(() => KnockoutDeltas.Of(run, layer: 5)).Message);
    }
}

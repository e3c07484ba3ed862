using System.Text.Json;
using PidGpu.Report;

namespace PidGpu.Tests;

/// <summary>
/// The paper's read-offs on hand-built trajectories: final-layer table, U_V peak, U_L trough and surge onset (rules in
/// <see cref="TurningPoints"/>), stage means scaled to the depth, and knockout ΔC% with its 0.001-bit floor; expected values
/// are worked out by hand in the comments.
/// </summary>
public class AnalysisReadOffTests
{
    static LayerRecord Rec(int layer, double r, double u1, double u2, double s, string condition = Conditions.Intact, double? accuracy = null)
        => new("m", "t", layer, condition, r, u1, u2, s, r + u1 + u2 + s, 100) { Accuracy = accuracy };

    // 33 layers (L = 32). U_L: 1.3 − 0.1ℓ down to 0.1 at ℓ = 12, flat 0.1 over 13..16 (ties: the earliest, 12, is the trough),
    // then 0.1 + 0.25 (ℓ − 16) up to 4.1 at ℓ = 32, except a dip to 0.05 at ℓ = 31, past the trough window ℓ ≤ round(64/3) = 21.
    // Surge onset: rise 4.1 − 0.1 = 4, threshold 0.1 + 2 = 2.1, reached first at 0.25 (ℓ − 16) ≥ 2, ℓ = 24.
    // U_V: 1 at layer 0, 2 at layers 1 and 2 (ties: 1), then 0.5, and 0.5 at the last layer.
    static double UL(int l) => l == 31 ? 0.05 : l <= 12 ? 1.3 - 0.1 * l : l <= 16 ? 0.1 : 0.1 + 0.25 * (l - 16);

    static double UV(int l) => l == 0 ? 1 : l <= 2 ? 2 : 0.5;

    static RunResults Trajectory(Func<int, double> uv) =>
        new(RunSettings.Empty, Enumerable.Range(0, 33).Select(l => Rec(l, 0.5, uv(l), UL(l), 0.1)).ToList());

    [Fact]
    public void TurningPoints_FollowTheStatedRules()
    {
        var s = Assert.Single(RunSummary.Of(Trajectory(UV)).Series);
        Assert.Equal(1, s.VisionPeakLayer);
        Assert.Equal(12, s.LanguageTroughLayer);
        Assert.Equal(24, s.SurgeOnsetLayer);
        Assert.Null(s.SurgeOnsetUndefined);
        Assert.Equal(21, TurningPoints.TroughLimit(32));
    }

    [Fact]
    public void FinalLayerTable_AtomsShareAndRatio()
    {
        // Layer 32: R 0.5, U_V 0.5, U_L 4.1, S 0.1, total 5.2; U_L share 4.1 / 5.2; U_L / U_V = 8.2.
        var f = Assert.Single(RunSummary.Of(Trajectory(UV)).Series).FinalLayer;
        Assert.Equal((32, 0.5, 0.5, 4.1, 0.1), (f.Layer, f.R, f.UV, f.UL, f.S));
        Assert.Equal(5.2, f.Total, 12);
        Assert.Equal(4.1 / 5.2, f.ULShare.Value!.Value, 12);
        Assert.Equal(8.2, f.ULOverUV.Value!.Value, 12);
    }

    [Fact]
    public void FinalLayerTable_VisionUniqueBelowFloor_RatioIsNotAvailable()
    {
        // MMI's zero U_V (here 4e-4 bits at the last layer): no ratio, printed as n/a with the reason.
        var summary = RunSummary.Of(Trajectory(l => l == 32 ? 4e-4 : UV(l)));
        var f = Assert.Single(summary.Series).FinalLayer;
        Assert.Null(f.ULOverUV.Value);
        Assert.Equal("base < 0.001 bits", f.ULOverUV.Undefined);
        Assert.Contains("n/a (base < 0.001 bits)", summary.ToTable());
        Assert.Contains("U_L share", summary.ToTable());
    }

    [Fact]
    public void SurgeOnset_NoRise_IsUndefinedWithTheReason()
    {
        // U_L falls from 2 to 0.4 over 5 layers: the trough window is ℓ ≤ round(8/3) = 3, trough 3 (0.8), and U_L ends lower.
        var run = new RunResults(RunSettings.Empty, Enumerable.Range(0, 5).Select(l => Rec(l, 0.1, 0.2, 2 - 0.4 * l, 0)).ToList());
        var s = Assert.Single(RunSummary.Of(run).Series);
        Assert.Equal(3, s.LanguageTroughLayer);
        Assert.Null(s.SurgeOnsetLayer);
        Assert.Contains("no surge", s.SurgeOnsetUndefined);
        Assert.Contains("n/a (no surge: U_L(L) - trough = -0.4 bits < 0.001)", RunSummary.Of(run).ToTable());
    }

    [Fact]
    public void Stages_AreScaledToAShallowModel()
    {
        // L = 4: early ≤ round(10·4/32) = round(1.25) = 1, middle ≤ round(2.5) = 3 (half away from zero), late = 4.
        // U_V = layer index, so the stage means are 0.5, 2.5 and 4.
        var run = new RunResults(RunSettings.Empty, Enumerable.Range(0, 5).Select(l => Rec(l, 1, l, 1, 0)).ToList());
        var stages = Assert.Single(RunSummary.Of(run).Series).Stages;
        Assert.Equal([(0, 1, 0.5), (2, 3, 2.5), (4, 4, 4.0)], stages.Select(g => (g.FirstLayer, g.LastLayer, g.U1)));
    }

    [Fact]
    public void Knockout_BaseBelowFloor_IsNullInJsonAndNotAvailableInTheTable()
    {
        // Decision layer 2. Intact: R 1, U_V 4e-4, U_L 2, S 0.002 (total 3.0024); knockout: R 1.5, U_V 0.016, U_L 1, S 0.003.
        // ΔR = +50 %, ΔU_L = −50 %, ΔS = +50 %, ΔU_V n/a (base 4e-4 < 0.001; as a ratio it would read +3,900 %),
        // Δtotal = (2.519 − 3.0024) / 3.0024 × 100; Dep n/a because ΔU_V is.
        const string ko = "knockout:0-31";
        var run = new RunResults(RunSettings.Empty,
        [
            Rec(0, 1, 1, 1, 1, accuracy: 0.9), Rec(0, 1, 1, 1, 1, ko, 0.4),
            Rec(2, 1, 4e-4, 2, 0.002, accuracy: 0.9), Rec(2, 1.5, 0.016, 1, 0.003, ko, 0.4),
        ]);
        var summary = RunSummary.Of(run);
        var d = Assert.Single(summary.Knockouts);
        Assert.Equal(50, d.Percent[Atom.R].Value!.Value, 9);
        Assert.Equal(-50, d.Percent[Atom.U2].Value!.Value, 9);
        Assert.Equal(50, d.Percent[Atom.S].Value!.Value, 9);
        Assert.Equal((2.519 - 3.0024) / 3.0024 * 100, d.Percent[Atom.I].Value!.Value, 9);
        Assert.Null(d.Percent[Atom.U1].Value);
        Assert.Null(d.Dependence.Value);

        using var json = JsonDocument.Parse(summary.ToJson());
        var k = Assert.Single(json.RootElement.GetProperty("knockout").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, k.GetProperty("delta_percent").GetProperty("u_v").ValueKind);
        Assert.Equal(JsonValueKind.Null, k.GetProperty("dep").ValueKind);
        Assert.Equal(50, k.GetProperty("delta_percent").GetProperty("r").GetDouble(), 9);
        Assert.Equal("base < 0.001 bits", k.GetProperty("not_available").GetProperty("u_v").GetString());
        Assert.Equal("ΔU_V n/a", k.GetProperty("not_available").GetProperty("dep").GetString());
        Assert.Equal((0.9, 0.4), (k.GetProperty("accuracy_intact").GetDouble(), k.GetProperty("accuracy_knockout").GetDouble()));
        Assert.Equal(4e-4, k.GetProperty("intact_bits").GetProperty("u_v").GetDouble(), 15);
        Assert.True(json.RootElement.GetProperty("rules").GetArrayLength() > 5);

        var table = KnockoutDeltas.ToTable(summary.Knockouts);
        Assert.Contains("n/a (base < 0.001 bits)", table);
        Assert.Contains("n/a (ΔU_V n/a)", table);
        Assert.Contains("90.0%", table);
        Assert.Contains("40.0%", table);
        Assert.DoesNotContain("3900", table);
    }

    [Fact]
    public void Knockout_WithoutIntactPartner_IsLeftOutOfTheSummary()
    {
        var run = new RunResults(RunSettings.Empty, [Rec(0, 1, 1, 1, 1, "knockout:0-1")]);
        Assert.Empty(RunSummary.Of(run).Knockouts);
    }
}

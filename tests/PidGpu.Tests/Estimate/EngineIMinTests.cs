using PidGpu.Estimate;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// Williams–Beer I_min and MMI against an independent host implementation (specific information from the
/// conditionals p(x|y), p(y|x); mutual informations as entropy sums), on random joints of many shapes with zeros.
/// </summary>
[Collection(EngineDeviceCollection.Name)]
public class EngineIMinTests(EngineDeviceFixture fixture)
{
    const double Tolerance = 1e-12; // bits, relative to max(1, |value|)

    static List<JointDistribution> Problems()
    {
        var rng = new Random(9090);
        (int, int, int)[] shapes = [(2, 2, 2), (2, 3, 4), (3, 2, 5), (1, 4, 3), (4, 1, 2), (5, 5, 1), (3, 7, 2), (6, 4, 6), (2, 2, 9), (8, 3, 3)];
        var list = new List<JointDistribution>();
        foreach (var (n1, n2, ny) in shapes)
            foreach (var zeros in new[] { 0.0, 0.3, 0.7 })
                list.Add(HostPid.Dirichlet(rng, n1, n2, ny, zeros));
        // Whole y slice and whole x1 row empty.
        var w = new double[3 * 3 * 3];
        for (int a = 0; a < 3; a++) for (int b = 0; b < 3; b++) for (int y = 0; y < 3; y++)
            w[(a * 3 + b) * 3 + y] = a == 1 || y == 2 ? 0 : 1 + a + 2 * b + 3 * y;
        list.Add(new JointDistribution(3, 3, 3, w));
        // A single non-zero cell: every information is 0.
        var one = new double[2 * 3 * 4];
        one[13] = 5;
        list.Add(new JointDistribution(2, 3, 4, one));
        return list;
    }

    [Fact]
    public void IMinAndMmi_MatchHostImplementation()
    {
        var problems = Problems();
        Assert.True(problems.Count >= 30);
        var results = new DiscretePidEngine(fixture.Device).Decompose(problems, [PidMeasures.IMin, PidMeasures.Mmi]);
        var wrong = new List<string>();
        for (int k = 0; k < problems.Count; k++)
        {
            var j = problems[k];
            var (i1, i2, i12, _) = HostPid.Terms(j);
            double r = HostPid.IMin(j), rm = Math.Min(i1, i2);
            var expect = new Dictionary<string, PidAtoms>
            {
                ["imin"] = new(r, i1 - r, i2 - r, i12 - i1 - i2 + r, i12),
                ["mmi"] = new(rm, i1 - rm, i2 - rm, i12 - i1 - i2 + rm, i12),
            };
            var got = new Dictionary<string, PidAtoms> { ["imin"] = results[k].IMin!, ["mmi"] = results[k].Mmi! };
            Assert.Null(results[k].Broja);
            foreach (var m in expect.Keys)
            {
                var (e, g) = (expect[m], got[m]);
                foreach (var (name, gv, ev) in new[] { ("R", g.R, e.R), ("U1", g.U1, e.U1), ("U2", g.U2, e.U2), ("S", g.S, e.S), ("I", g.I, e.I) })
                    if (!HostPid.Close(gv, ev, Tolerance))
                        wrong.Add($"#{k} {j.N1}x{j.N2}x{j.NY} {m}.{name}: device {gv:R}, host {ev:R} (diff {gv - ev:E2})");
            }
            // Williams–Beer I_min is non-negative and at most min(I1, I2) (specific information averages to I).
            if (!(r >= -1e-15 && r <= Math.Min(i1, i2) + 1e-12)) wrong.Add($"#{k}: host I_min {r:R} outside [0, min(I1,I2)]");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void SingleCell_AllInformationZero()
    {
        var one = new double[2 * 3 * 4];
        one[13] = 5;
        var d = new DiscretePidEngine(fixture.Device).Decompose(new JointDistribution(2, 3, 4, one), PidMeasures.All);
        foreach (var a in new PidAtoms[] { d.IMin!, d.Mmi!, d.Broja! })
        {
            Assert.Equal(0.0, a.R, 15);
            Assert.Equal(0.0, a.U1, 15);
            Assert.Equal(0.0, a.U2, 15);
            Assert.Equal(0.0, a.S, 15);
            Assert.Equal(0.0, a.I, 15);
        }
        Assert.True(d.Broja!.Converged, $"gap {d.Broja.GapBits}");
    }
}

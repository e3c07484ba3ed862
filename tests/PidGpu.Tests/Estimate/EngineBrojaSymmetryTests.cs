using PidGpu.Estimate;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>BROJA symmetries and degenerate shapes: swapping X1 and X2 swaps U1 and U2; relabelling any alphabet
/// changes nothing; alphabets of size 1 and independent targets give the obvious decompositions.</summary>
[Collection(EngineDeviceCollection.Name)]
public class EngineBrojaSymmetryTests(EngineDeviceFixture fixture)
{
    const double GapBits = 1e-10;

    static JointDistribution Transform(JointDistribution j, bool swap, int[] perm1, int[] perm2, int[] permY)
    {
        int n1 = swap ? j.N2 : j.N1, n2 = swap ? j.N1 : j.N2;
        var w = new double[j.P.Length];
        for (int a = 0; a < j.N1; a++) for (int b = 0; b < j.N2; b++) for (int y = 0; y < j.NY; y++)
        {
            int na = perm1[a], nb = perm2[b];
            int u = swap ? nb : na, v = swap ? na : nb;
            w[(u * n2 + v) * j.NY + permY[y]] = j[a, b, y];
        }
        return new JointDistribution(n1, n2, j.NY, w);
    }

    static int[] Permutation(Random rng, int n) => Enumerable.Range(0, n).OrderBy(_ => rng.Next()).ToArray();

    [Fact]
    public void SwapAndRelabel_PermuteAtomsAccordingly()
    {
        var rng = new Random(8080);
        var originals = new List<JointDistribution>();
        var transformed = new List<JointDistribution>();
        var swapped = new List<bool>();
        foreach (var (n1, n2, ny) in new[] { (3, 5, 4), (2, 4, 3), (4, 4, 2), (5, 2, 6) })
            foreach (var swap in new[] { false, true })
            {
                var j = HostPid.Dirichlet(rng, n1, n2, ny, zeroFraction: 0.15);
                originals.Add(j);
                transformed.Add(Transform(j, swap, Permutation(rng, n1), Permutation(rng, n2), Permutation(rng, ny)));
                swapped.Add(swap);
            }
        var engine = new DiscretePidEngine(fixture.Device);
        var options = new BrojaOptions(GapBits, 200_000);
        var a = engine.Decompose(originals, PidMeasures.All, options);
        var b = engine.Decompose(transformed, PidMeasures.All, options);
        var wrong = new List<string>();
        for (int k = 0; k < originals.Count; k++)
        {
            var (x, z) = (a[k].Broja!, b[k].Broja!);
            if (!x.Converged || !z.Converged) { wrong.Add($"#{k}: not converged"); continue; }
            double tol = x.GapBits + z.GapBits + 1e-12;
            var (u1, u2) = swapped[k] ? (z.U2, z.U1) : (z.U1, z.U2);
            foreach (var (name, p, q) in new[] { ("R", x.R, z.R), ("U1", x.U1, u1), ("U2", x.U2, u2), ("S", x.S, z.S), ("I", x.I, z.I) })
                if (!(Math.Abs(p - q) <= tol)) wrong.Add($"#{k} swap={swapped[k]}: {name} {p:R} vs {q:R}");
            // I_min and MMI are exactly symmetric too (up to summation order).
            var (ia, ib) = (a[k].IMin!, b[k].IMin!);
            if (!(Math.Abs(ia.R - ib.R) <= 1e-12)) wrong.Add($"#{k}: I_min R {ia.R:R} vs {ib.R:R}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void DegenerateShapesAndTargets_ObviousDecompositions()
    {
        var rng = new Random(1212);
        var engine = new DiscretePidEngine(fixture.Device);
        var options = new BrojaOptions(GapBits, 200_000);

        // N1 = 1: X1 carries nothing, so R = U1 = 0, U2 = I(Y;X2), S = 0.
        var oneX1 = HostPid.Dirichlet(rng, 1, 4, 3);
        // NY = 1: nothing to explain.
        var oneY = HostPid.Dirichlet(rng, 3, 4, 1);
        // Y independent of (X1, X2): p = p(x1,x2) p(y).
        var pxx = Enumerable.Range(0, 6).Select(_ => rng.NextDouble()).ToArray();
        var pyv = Enumerable.Range(0, 3).Select(_ => rng.NextDouble()).ToArray();
        var independent = new JointDistribution(2, 3, 3, Enumerable.Range(0, 18).Select(i => pxx[i / 3] * pyv[i % 3]).ToArray());
        // Y = X1 with X2 an independent coin: U1 = H(Y), everything else 0.
        var copyX1 = new JointDistribution(3, 2, 3, Enumerable.Range(0, 18).Select(i => i / 6 == i % 3 ? (1.0 + i / 6) : 0).ToArray());

        var r = engine.Decompose([oneX1, oneY, independent, copyX1], PidMeasures.All, options);
        Assert.All(r, d => Assert.True(d.Broja!.Converged, $"gap {d.Broja.GapBits}"));

        double i2 = HostPid.Terms(oneX1).I2;
        AssertAtoms(r[0].Broja!, 0, 0, i2, 0, i2, "N1 = 1");
        AssertAtoms(r[1].Broja!, 0, 0, 0, 0, 0, "NY = 1");
        AssertAtoms(r[2].Broja!, 0, 0, 0, 0, 0, "Y independent");
        double hy = HostPid.Entropy([1 / 6.0, 2 / 6.0, 3 / 6.0]);
        AssertAtoms(r[3].Broja!, 0, hy, 0, 0, hy, "Y = X1");
        foreach (var d in r) Assert.True(d.IMin!.R >= -1e-12 && d.Mmi!.R >= -1e-12);
    }

    static void AssertAtoms(BrojaAtoms a, double r, double u1, double u2, double s, double i, string what)
    {
        double tol = Math.Max(a.GapBits, 0) + 1e-12;
        Assert.True(Math.Abs(a.R - r) <= tol && Math.Abs(a.U1 - u1) <= tol && Math.Abs(a.U2 - u2) <= tol
            && Math.Abs(a.S - s) <= tol && Math.Abs(a.I - i) <= tol,
            $"{what}: got R {a.R:R}, U1 {a.U1:R}, U2 {a.U2:R}, S {a.S:R}, I {a.I:R}; want {r}, {u1}, {u2}, {s}, {i} (gap {a.GapBits:R})");
    }
}

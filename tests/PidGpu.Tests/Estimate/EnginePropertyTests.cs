using FsCheck;
using FsCheck.Fluent;
using PidGpu.Estimate;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// Properties of the discrete estimators on random small joints (FsCheck, fixed seed, a few dozen cases each): atoms are
/// non-negative, satisfy the consistency equations against an independent host computation of the mutual informations,
/// are symmetric under swapping the sources and invariant under relabelling codes; I_min and BROJA redundancy lie in
/// [0, MMI redundancy]; the certified BROJA gap is non-negative.
/// </summary>
[Collection(EngineDeviceCollection.Name)]
public class EnginePropertyTests(EngineDeviceFixture fixture)
{
    const int Cases = 30;
    const double Tolerance = 1e-9;
    static readonly BrojaOptions Options = new(1e-10, 200_000);

    /// <summary>A joint p(x1, x2, y) with alphabets 1..4, 1..4, 2..4 and about a third of the cells empty, plus three
    /// relabellings (permutations of each alphabet) for the invariance property.</summary>
    public sealed record Case(JointDistribution Joint, int[] Perm1, int[] Perm2, int[] PermY)
    {
        public override string ToString() => $"{Joint.N1}x{Joint.N2}x{Joint.NY} [{string.Join(", ", Joint.P.Select(p => p.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)))}]";
    }

    static Gen<int[]> Permutation(int n) => Gen.Shuffle(Enumerable.Range(0, n).ToArray()).Select(p => p.ToArray());

    static readonly Gen<Case> Cases3 =
        from n1 in Gen.Choose(1, 4)
        from n2 in Gen.Choose(1, 4)
        from ny in Gen.Choose(2, 4)
        from weights in Gen.ArrayOf(Gen.Frequency((1, Gen.Constant(0)), (2, Gen.Choose(1, 9))), n1 * n2 * ny)
        from p1 in Permutation(n1)
        from p2 in Permutation(n2)
        from py in Permutation(ny)
        select new Case(Joint(n1, n2, ny, weights), p1, p2, py);

    static JointDistribution Joint(int n1, int n2, int ny, int[] weights)
    {
        var w = weights.Select(v => (double)v).ToArray();
        if (w.All(v => v == 0)) w[0] = 1;
        return new JointDistribution(n1, n2, ny, w);
    }

    static void Check(Action<Case> property)
        => Prop.ForAll(Arb.From(Cases3), property).Check(Config.QuickThrowOnFailure.WithMaxTest(Cases).WithReplay(20261206, 1013904243));

    DiscreteDecomposition Decompose(JointDistribution j) => new DiscretePidEngine(fixture.Device).Decompose(j, PidMeasures.All, Options);

    static IEnumerable<(string Name, PidAtoms Atoms)> Measures(DiscreteDecomposition d)
        => [("imin", d.IMin!), ("mmi", d.Mmi!), ("broja", d.Broja!)];

    static void Near(double expected, double actual, double tolerance, string what)
        => Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected:R}, got {actual:R}");

    [Fact]
    public void Atoms_NonNegative_AndConsistentWithTheMutualInformations()
        => Check(c =>
        {
            var d = Decompose(c.Joint);
            var (i1, i2, i12, _) = HostPid.Terms(c.Joint);
            foreach (var (name, a) in Measures(d))
            {
                double tol = Tolerance + (a is BrojaAtoms b ? b.GapBits : 0);
                foreach (var (atom, v) in new[] { ("R", a.R), ("U1", a.U1), ("U2", a.U2), ("S", a.S) })
                    Assert.True(v >= -tol, $"{name} {atom} = {v:R} < 0");
                Near(i12, a.I, Tolerance, $"{name} I = I(Y;X1,X2)");
                Near(a.I, a.R + a.U1 + a.U2 + a.S, Tolerance, $"{name} R+U1+U2+S = I");
                Near(i1, a.R + a.U1, tol, $"{name} R+U1 = I(X1;Y)");
                Near(i2, a.R + a.U2, tol, $"{name} R+U2 = I(X2;Y)");
            }
        });

    [Fact]
    public void Redundancy_BetweenZeroAndMmi_GapCertifiedNonNegative()
        => Check(c =>
        {
            var d = Decompose(c.Joint);
            var broja = d.Broja!;
            Assert.True(broja.Converged, $"BROJA did not converge (gap {broja.GapBits:R})");
            Assert.True(broja.GapBits >= 0, $"gap {broja.GapBits:R} < 0");
            Assert.True(d.IMin!.R >= -Tolerance, $"I_min R = {d.IMin.R:R} < 0");
            // I_min averages a minimum of specific informations, BROJA subtracts a non-negative unique part:
            // neither can exceed min(I(X1;Y), I(X2;Y)), the MMI redundancy.
            Assert.True(d.IMin.R <= d.Mmi!.R + Tolerance, $"I_min R {d.IMin.R:R} > MMI R {d.Mmi.R:R}");
            Assert.True(broja.R <= d.Mmi.R + Tolerance + broja.GapBits, $"BROJA R {broja.R:R} > MMI R {d.Mmi.R:R}");
        });

    [Fact]
    public void SwappingTheSources_SwapsTheUniques()
        => Check(c =>
        {
            var (n1, n2) = (Enumerable.Range(0, c.Joint.N1).ToArray(), Enumerable.Range(0, c.Joint.N2).ToArray());
            AgreeAfter(c.Joint, swap: true, n1, n2, Enumerable.Range(0, c.Joint.NY).ToArray());
        });

    [Fact]
    public void RelabellingCodes_ChangesNothing() => Check(c => AgreeAfter(c.Joint, swap: false, c.Perm1, c.Perm2, c.PermY));

    /// <summary>Relabels the alphabets (x1 → perm1[x1], …), optionally swaps X1 and X2, and checks every measure's atoms
    /// match the original's (U1 and U2 exchanged when swapped).</summary>
    void AgreeAfter(JointDistribution j, bool swap, int[] perm1, int[] perm2, int[] permY)
    {
        var w = new double[j.P.Length];
        var (m1, m2) = swap ? (j.N2, j.N1) : (j.N1, j.N2);
        for (int a = 0; a < j.N1; a++) for (int b = 0; b < j.N2; b++) for (int y = 0; y < j.NY; y++)
        {
            var (u, v) = swap ? (perm2[b], perm1[a]) : (perm1[a], perm2[b]);
            w[(u * m2 + v) * j.NY + permY[y]] = j[a, b, y];
        }
        var (d, e) = (Decompose(j), Decompose(new JointDistribution(m1, m2, j.NY, w)));
        foreach (var ((name, x), (_, z)) in Measures(d).Zip(Measures(e)))
        {
            double tol = Tolerance + (x is BrojaAtoms bx && z is BrojaAtoms bz ? bx.GapBits + bz.GapBits : 0);
            var (u1, u2) = swap ? (z.U2, z.U1) : (z.U1, z.U2);
            foreach (var (atom, p, q) in new[] { ("R", x.R, z.R), ("U1", x.U1, u1), ("U2", x.U2, u2), ("S", x.S, z.S), ("I", x.I, z.I) })
                Near(p, q, tol, $"{name} {atom} (swap {swap})");
        }
    }
}

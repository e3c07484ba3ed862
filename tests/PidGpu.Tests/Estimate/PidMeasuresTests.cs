using PidGpu.Estimate;
using PidGpu.Pipeline;
using PidGpu.Runs;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// The measure interface (<see cref="IPidMeasure"/>) through the catalogue (<see cref="PidMeasures"/>): each measure's
/// discrete form on gates with published decompositions (Williams &amp; Beer 2010; Bertschinger et al. 2014, Table 1),
/// each Gaussian form against closed forms and Reference/gaussian-pid.json (Barrett 2015; Venkatesh et al. 2023), the
/// names results and the command line use, and the error for a form a measure does not have.
/// </summary>
[Collection(EngineDeviceCollection.Name)]
public class PidMeasuresTests(EngineDeviceFixture fixture)
{
    /// <summary>p(x1, x2, y) of two independent uniform bits and y = f(x1, x2), f's values in 0..ny−1.</summary>
    static JointDistribution Gate(int ny, Func<int, int, int> f)
    {
        var p = new double[2 * 2 * ny];
        for (int a = 0; a < 2; a++)
            for (int b = 0; b < 2; b++) p[(a * 2 + b) * ny + f(a, b)] = 0.25;
        return new JointDistribution(2, 2, ny, p);
    }

    static void AssertAtoms(PidAtoms got, double r, double u1, double u2, double s, double i, double tolerance, string what)
    {
        foreach (var (want, value, atom) in new[] { (r, got.R, "R"), (u1, got.U1, "U1"), (u2, got.U2, "U2"), (s, got.S, "S"), (i, got.I, "I") })
            Assert.True(Math.Abs(value - want) <= tolerance, $"{what} {atom}: got {value:R}, want {want:R}");
    }

    public static TheoryData<string> Names() => [.. PidMeasures.All.Select(m => m.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void Xor_IsOneBitOfSynergy_UnderEveryMeasure(string name)
    {
        // Y = X1 XOR X2: neither input alone says anything about Y, both together say all of it.
        var atoms = PidMeasures.Find(name)!.Discrete(Gate(2, (a, b) => a ^ b));
        AssertAtoms(atoms, r: 0, u1: 0, u2: 0, s: 1, i: 1, 1e-7, name);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void And_MatchesThePublishedDecomposition_UnderEveryMeasure(string name)
    {
        // Y = X1 AND X2 (Bertschinger et al. 2014, Table 1): I = H(Y) = h(1/4), S = 1/2, R = I − 1/2, no unique information.
        double i = -(0.25 * Math.Log2(0.25) + 0.75 * Math.Log2(0.75));
        var atoms = PidMeasures.Find(name)!.Discrete(Gate(2, (a, b) => a & b));
        AssertAtoms(atoms, r: i - 0.5, u1: 0, u2: 0, s: 0.5, i, 1e-7, name);
    }

    [Fact]
    public void Copy_BrojaFindsTwoUniqueBits_WhereIMinAndMmiFindRedundancyAndSynergy()
    {
        // Y = (X1, X2) (Bertschinger et al. 2014; Harder et al. 2013): each input is a unique bit of Y. I_min and MMI
        // call one bit redundant and one synergistic instead, the criticism that motivated BROJA.
        var copy = Gate(4, (a, b) => 2 * a + b);
        AssertAtoms(PidMeasures.Broja.Discrete(copy), r: 0, u1: 1, u2: 1, s: 0, i: 2, 1e-7, "broja");
        AssertAtoms(PidMeasures.IMin.Discrete(copy), r: 1, u1: 0, u2: 0, s: 1, i: 2, 1e-12, "imin");
        AssertAtoms(PidMeasures.Mmi.Discrete(copy), r: 1, u1: 0, u2: 0, s: 1, i: 2, 1e-12, "mmi");
        Assert.IsType<BrojaAtoms>(PidMeasures.Broja.Discrete(copy));
    }

    [Fact]
    public void GaussianMmi_MatchesTheClosedForm()
    {
        // Unit variances, corr(X1,X2) = a, corr(Xk,Y) = bk: I(Xk;Y) = −½ log2(1 − bk²),
        // I(X1,X2;Y) = ½ log2((1 − a²) / det Σ) with det Σ = 1 − a² − b1² − b2² + 2 a b1 b2.
        double a = 0.3, b1 = 0.6, b2 = 0.4;
        var cov = new double[,] { { 1, a, b1 }, { a, 1, b2 }, { b1, b2, 1 } };
        double i1 = -0.5 * Math.Log2(1 - b1 * b1), i2 = -0.5 * Math.Log2(1 - b2 * b2);
        double i12 = 0.5 * Math.Log2((1 - a * a) / (1 - a * a - b1 * b1 - b2 * b2 + 2 * a * b1 * b2));
        double r = Math.Min(i1, i2);
        AssertAtoms(PidMeasures.Mmi.Gaussian(cov, 1, 1, 1), r, i1 - r, i2 - r, i12 - i1 - i2 + r, i12, 1e-12, "mmi");
    }

    [Theory]
    [MemberData(nameof(GaussianCase.Names), MemberType = typeof(GaussianCase))]
    public void GaussianForms_MatchTheReferenceFile_UnderTheirOwnNames(string name)
    {
        // The reference file keys its columns by the forms' names: "mmi" and "gpid" (BROJA's Gaussian form, ~G-PID).
        var k = GaussianCase.Named(name);
        foreach (var m in PidMeasures.Gaussian)
        {
            var want = m.GaussianName switch { "mmi" => k.Mmi, "gpid" => k.Gpid, var other => throw new InvalidOperationException(other) };
            var got = m.Gaussian(k.Cov, k.D1, k.D2, k.DY);
            foreach (var (atom, value) in new[] { ("R", got.R), ("U1", got.U1), ("U2", got.U2), ("S", got.S) })
                Assert.True(Math.Abs(value - want[atom]) <= 6e-5, $"{name} {m.GaussianName} {atom}: got {value:R}, want {want[atom]}");
        }
    }

    [Fact]
    public void Gpid_EqualsMmi_ForAScalarTarget()
    {
        // Barrett (2015): for a scalar Gaussian target MMI is the BROJA decomposition, so ~G-PID must reproduce it.
        var rng = new Random(2015);
        for (int trial = 0; trial < 5; trial++)
        {
            var cov = RandomCovariance(rng, 4);
            var mmi = PidMeasures.Mmi.Gaussian(cov, 2, 1, 1);
            var gpid = Assert.IsType<GpidAtoms>(PidMeasures.Broja.Gaussian(cov, 2, 1, 1));
            Assert.True(gpid.Converged, $"trial {trial}: not converged (gap {gpid.GapBits:R})");
            AssertAtoms(gpid, mmi.R, mmi.U1, mmi.U2, mmi.S, mmi.I, Math.Max(1e-6, gpid.GapBits), $"trial {trial}");
        }
    }

    /// <summary>A = B Bᵀ + n I with B standard normal (Box–Muller): symmetric positive definite.</summary>
    static double[,] RandomCovariance(Random rng, int n)
    {
        var b = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                b[i, j] = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var a = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                for (int k = 0; k < n; k++) a[i, j] += b[i, k] * b[j, k];
                if (i == j) a[i, j] += n;
            }
        return a;
    }

    [Fact]
    public void Catalogue_NamesAreTheOnesResultsAndTheCommandLineUse_AndRoundTrip()
    {
        // These strings are the keys of result files and the words of --measure: they must not change.
        Assert.Equal(["imin", "mmi", "broja"], PidMeasures.All.Select(m => m.Name));
        Assert.Equal(["mmi", "gpid"], PidMeasures.Gaussian.Select(m => m.GaussianName!));
        Assert.Null(PidMeasures.IMin.GaussianName);
        foreach (var m in PidMeasures.All)
        {
            Assert.Same(m, PidMeasures.Find(m.Name));
            Assert.Same(m, PidMeasures.Find($" {m.Name.ToUpperInvariant()} "));
            if (m.GaussianName is { } g) Assert.Same(m, PidMeasures.Find(g));
        }
        Assert.Same(PidMeasures.Broja, PidMeasures.Find("gpid"));
        Assert.Null(PidMeasures.Find("all"));
        Assert.Null(PidMeasures.Find("williams-beer"));
    }

    [Fact]
    public void IMin_HasNoGaussianForm_AndSaysWhichFormsThereAre()
    {
        var cov = new double[,] { { 1, 0.3, 0.6 }, { 0.3, 1, 0.4 }, { 0.6, 0.4, 1 } };
        var host = Assert.Throws<PidInputException>(() => PidMeasures.IMin.Gaussian(cov, 1, 1, 1));
        var device = Assert.Throws<PidInputException>(() => new GaussianPidEngine(fixture.Device).Decompose([cov], 1, 1, 1, PidMeasures.IMin));
        foreach (var e in new[] { host, device })
        {
            Assert.Contains("imin has no Gaussian form", e.Message);
            Assert.Contains("discrete form only", e.Message);
            Assert.Contains("mmi, gpid", e.Message);
        }
    }

    [Fact]
    public void GaussianRoutes_RefuseIMin_BeforeReadingAnything()
    {
        // Neither the covariance file nor the matrices are opened: the measure is checked first.
        var request = new GaussianRequest(new CovarianceInput("missing-cov.npy", 1, 1, 1)) { Measures = [PidMeasures.Mmi, PidMeasures.IMin] };
        Assert.Contains("imin has no Gaussian form", Assert.Throws<PidInputException>(() => DecompositionRun.Execute(request)).Message);
        var column = new ArrayMatrixSource(new float[40], 1);
        var settings = new PidFlowSettings { Measures = [PidMeasures.IMin] };
        Assert.Contains("imin has no Gaussian form", Assert.Throws<PidInputException>(() =>
            new PidFlow(fixture.Device).Run(column, column, column, settings)).Message);
    }

    [Fact]
    public void Engines_RefuseAMeasureOutsideTheCatalogue()
    {
        var xor = Gate(2, (a, b) => a ^ b);
        var e = Assert.Throws<PidInputException>(() => DiscretePidEngine.Host.Decompose(xor, [PidMeasures.Mmi, null!]));
        Assert.Contains("not one of the catalogue's (imin, mmi, broja)", e.Message);
    }

    [Fact]
    public void DiscreteDecomposition_Of_PicksTheRequestedMeasuresSlot()
    {
        var d = DiscretePidEngine.Host.Decompose(Gate(4, (a, b) => 2 * a + b), [PidMeasures.IMin, PidMeasures.Broja]);
        Assert.Same(d.IMin, d.Of(PidMeasures.IMin));
        Assert.Same(d.Broja, d.Of(PidMeasures.Broja));
        Assert.Null(d.Of(PidMeasures.Mmi));
    }
}

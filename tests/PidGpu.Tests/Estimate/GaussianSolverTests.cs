using PidGpu.Estimate;
using PidGpu.Estimate.Measures;
using PidGpu.Kernels.Gaussian;

namespace PidGpu.Tests;

/// <summary>
/// Properties of the host ~G-PID solver on random covariances: certified convergence, scalar-target agreement with
/// MMI, symmetry, invariance to invertible maps of each variable, additivity over independent subsystems, and that
/// the certified gap really bounds the error.
/// </summary>
public class GaussianSolverTests
{
    /// <summary>The sample covariance of 4n+40 draws of a random linear mixture plus noise: well conditioned, generic.</summary>
    internal static double[,] RandomCovariance(Random rng, int n)
    {
        int samples = 4 * n + 40;
        var mix = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) mix[i, j] = 2 * rng.NextDouble() - 1;
        var x = new double[samples, n];
        var z = new double[n];
        for (int k = 0; k < samples; k++)
        {
            for (int i = 0; i < n; i++) z[i] = Normal(rng);
            for (int i = 0; i < n; i++)
            {
                double v = 0.3 * Normal(rng);
                for (int j = 0; j < n; j++) v += mix[i, j] * z[j];
                x[k, i] = v;
            }
        }
        var c = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = 0;
                for (int k = 0; k < samples; k++) s += x[k, i] * x[k, j];
                c[i, j] = c[j, i] = s / samples;
            }
        return c;
    }

    static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    public static TheoryData<int, int, int, int> Shapes() => new()
    {
        { 1, 1, 1, 1 }, { 2, 3, 1, 2 }, { 3, 3, 2, 3 }, { 4, 4, 4, 4 }, { 8, 6, 8, 5 }, { 16, 16, 4, 6 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void RandomCovariance_ConvergesWithCertifiedGap_AndSaneAtoms(int d1, int d2, int dy, int seed)
    {
        var cov = RandomCovariance(new Random(seed), d1 + d2 + dy);
        var g = BrojaMeasure.Gpid(cov, d1, d2, dy);
        var mmi = PidMeasures.Mmi.Gaussian(cov, d1, d2, dy);

        Assert.True(g.Converged, $"gap {g.GapBits} after {g.Iterations} iterations");
        Assert.InRange(g.GapBits, 0, 1e-8);
        // Non-negative atoms ⇔ the union information lies in [max(I1, I2), min(I1 + I2, I12)].
        foreach (var atom in new[] { g.R, g.U1, g.U2, g.S }) Assert.True(atom >= -1e-8, $"negative atom in {g}");
        Assert.Equal(mmi.I, g.I, 1e-9);
        Assert.Equal(mmi.R + mmi.U1, g.R + g.U1, 1e-9);
        Assert.Equal(mmi.R + mmi.U2, g.R + g.U2, 1e-9);
        // MMI's redundancy is the largest possible under the consistency equations (min(U1, U2) = 0).
        Assert.True(g.R <= mmi.R + 1e-8);
    }

    [Theory]
    [InlineData(1, 1, 11)]
    [InlineData(2, 3, 12)]
    [InlineData(5, 2, 13)]
    [InlineData(8, 8, 14)]
    public void ScalarTarget_RandomCovariance_GpidEqualsMmi(int d1, int d2, int seed)
    {
        var cov = RandomCovariance(new Random(seed), d1 + d2 + 1);
        var g = BrojaMeasure.Gpid(cov, d1, d2, 1);
        var m = PidMeasures.Mmi.Gaussian(cov, d1, d2, 1);
        Assert.Equal(m.R, g.R, 1e-6);
        Assert.Equal(m.U1, g.U1, 1e-6);
        Assert.Equal(m.U2, g.U2, 1e-6);
        Assert.Equal(m.S, g.S, 1e-6);
    }

    [Fact]
    public void SwappingSources_SwapsUniques()
    {
        const int d1 = 3, d2 = 2, dy = 2;
        var cov = RandomCovariance(new Random(21), d1 + d2 + dy);
        int[] order = [3, 4, 0, 1, 2, 5, 6]; // [X2, X1, Y]
        var swapped = new double[7, 7];
        for (int i = 0; i < 7; i++)
            for (int j = 0; j < 7; j++) swapped[i, j] = cov[order[i], order[j]];
        var a = BrojaMeasure.Gpid(cov, d1, d2, dy);
        var b = BrojaMeasure.Gpid(swapped, d2, d1, dy);
        Assert.Equal(a.U1, b.U2, 1e-7);
        Assert.Equal(a.U2, b.U1, 1e-7);
        Assert.Equal(a.R, b.R, 1e-7);
        Assert.Equal(a.S, b.S, 1e-7);
    }

    [Fact]
    public void InvertibleMapsOfEachVariable_LeaveAtomsUnchanged()
    {
        const int d1 = 3, d2 = 3, dy = 2, n = 8;
        var rng = new Random(31);
        var cov = RandomCovariance(rng, n);
        // Block-diagonal T = diag(A1, A2, Ay) with random (almost surely invertible) blocks; cov' = T cov Tᵀ.
        var t = new double[n, n];
        foreach (var (start, count) in new[] { (0, d1), (d1, d2), (d1 + d2, dy) })
            for (int i = 0; i < count; i++)
                for (int j = 0; j < count; j++) t[start + i, start + j] = (i == j ? 2 : 0) + rng.NextDouble() - 0.5;
        var mapped = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int k = 0; k < n; k++)
                    for (int l = 0; l < n; l++) s += t[i, k] * cov[k, l] * t[j, l];
                mapped[i, j] = s;
            }
        var a = BrojaMeasure.Gpid(cov, d1, d2, dy);
        var b = BrojaMeasure.Gpid(mapped, d1, d2, dy);
        Assert.Equal(a.R, b.R, 1e-6);
        Assert.Equal(a.U1, b.U1, 1e-6);
        Assert.Equal(a.U2, b.U2, 1e-6);
        Assert.Equal(a.S, b.S, 1e-6);
    }

    [Fact]
    public void IndependentSubsystems_AtomsAdd()
    {
        // Two independent systems (2,1,2) and (1,2,1), interleaved into one (3,3,3) covariance.
        var rng = new Random(41);
        var a = RandomCovariance(rng, 5);
        var b = RandomCovariance(rng, 4);
        int[] mapA = [0, 1, 3, 6, 7], mapB = [2, 4, 5, 8];
        var joint = new double[9, 9];
        for (int i = 0; i < 5; i++) for (int j = 0; j < 5; j++) joint[mapA[i], mapA[j]] = a[i, j];
        for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) joint[mapB[i], mapB[j]] = b[i, j];
        var pa = BrojaMeasure.Gpid(a, 2, 1, 2);
        var pb = BrojaMeasure.Gpid(b, 1, 2, 1);
        var pj = BrojaMeasure.Gpid(joint, 3, 3, 3);
        Assert.Equal(pa.R + pb.R, pj.R, 1e-6);
        Assert.Equal(pa.U1 + pb.U1, pj.U1, 1e-6);
        Assert.Equal(pa.U2 + pb.U2, pj.U2, 1e-6);
        Assert.Equal(pa.S + pb.S, pj.S, 1e-6);
    }

    [Theory]
    [InlineData(4, 4, 4, 51)]
    [InlineData(8, 6, 8, 52)]
    [InlineData(3, 5, 2, 53)]
    public void LooseRun_ErrorIsWithinItsReportedGap(int d1, int d2, int dy, int seed)
    {
        var cov = RandomCovariance(new Random(seed), d1 + d2 + dy);
        var loose = BrojaMeasure.Gpid(cov, d1, d2, dy, new GaussianOptions(TargetGapBits: 1e-3));
        var tight = BrojaMeasure.Gpid(cov, d1, d2, dy, new GaussianOptions(TargetGapBits: 1e-10));
        Assert.True(tight.GapBits <= 1e-9, $"tight run gap {tight.GapBits}");
        double error = tight.R - loose.R; // = m_loose − m_tight ≥ 0 up to the tight gap
        Assert.InRange(error, -tight.GapBits - 1e-12, loose.GapBits + tight.GapBits + 1e-12);
    }

    [Fact]
    public void IterationLimit_IsReportedAsNotConverged()
    {
        var cov = RandomCovariance(new Random(61), 12);
        var g = BrojaMeasure.Gpid(cov, 4, 4, 4, new GaussianOptions(TargetGapBits: 1e-12, MaxIterations: 2));
        Assert.False(g.Converged);
        Assert.Equal(2, g.Iterations);
        Assert.True(g.GapBits > 1e-12);
        var o = GaussianPidCore.Run(new ArrayScratch(Flatten(cov)), new ArrayScratch(new double[new GaussianShape(4, 4, 4).WorkspaceLength]),
            new GaussianShape(4, 4, 4), GaussianPidSettings.Default(true, targetGapBits: 1e-12, maxIterations: 2));
        Assert.Equal((int)GaussianStop.IterationLimit, o.Stop);
    }

    static double[] Flatten(double[,] c) => [.. c.Cast<double>()];
}

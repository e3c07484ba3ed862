using System.Text.Json;
using PidGpu.Estimate;
using PidGpu.Estimate.Measures;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// The Gaussian PID against Reference/gaussian-pid.json: MMI against an independent closed-form evaluation
/// (explicit determinant formulas, and Gaussian elimination for larger blocks) and against the published values;
/// ~G-PID against the published values, including vector-target-doubling where MMI over-states redundancy.
/// </summary>
public class GaussianReferenceTests
{
    /// <summary>det by explicit formulas up to 3×3, Gaussian elimination with partial pivoting beyond (no Cholesky).</summary>
    internal static double Det(double[,] a)
    {
        int n = a.GetLength(0);
        if (n == 1) return a[0, 0];
        if (n == 2) return a[0, 0] * a[1, 1] - a[0, 1] * a[1, 0];
        if (n == 3)
            return a[0, 0] * (a[1, 1] * a[2, 2] - a[1, 2] * a[2, 1])
                 - a[0, 1] * (a[1, 0] * a[2, 2] - a[1, 2] * a[2, 0])
                 + a[0, 2] * (a[1, 0] * a[2, 1] - a[1, 1] * a[2, 0]);
        var m = (double[,])a.Clone();
        double det = 1;
        for (int k = 0; k < n; k++)
        {
            int p = k;
            for (int i = k + 1; i < n; i++) if (Math.Abs(m[i, k]) > Math.Abs(m[p, k])) p = i;
            if (p != k) { det = -det; for (int j = 0; j < n; j++) (m[k, j], m[p, j]) = (m[p, j], m[k, j]); }
            det *= m[k, k];
            for (int i = k + 1; i < n; i++)
            {
                double f = m[i, k] / m[k, k];
                for (int j = k; j < n; j++) m[i, j] -= f * m[k, j];
            }
        }
        return det;
    }

    static double[,] Sub(double[,] c, int[] idx)
    {
        var s = new double[idx.Length, idx.Length];
        for (int i = 0; i < idx.Length; i++)
            for (int j = 0; j < idx.Length; j++) s[i, j] = c[idx[i], idx[j]];
        return s;
    }

    /// <summary>I(A;B) = ½ log2(det Σ_A det Σ_B / det Σ_AB), determinants from <see cref="Det"/>.</summary>
    internal static double IndependentMi(double[,] c, int[] a, int[] b) =>
        0.5 * Math.Log2(Det(Sub(c, a)) * Det(Sub(c, b)) / Det(Sub(c, [.. a, .. b])));

    internal static (double I1, double I2, double I12) IndependentTerms(GaussianCase k)
    {
        int[] x1 = [.. Enumerable.Range(0, k.D1)], x2 = [.. Enumerable.Range(k.D1, k.D2)], y = [.. Enumerable.Range(k.D1 + k.D2, k.DY)];
        return (IndependentMi(k.Cov, x1, y), IndependentMi(k.Cov, x2, y), IndependentMi(k.Cov, [.. x1, .. x2], y));
    }

    static void AssertAtoms(IReadOnlyDictionary<string, double> want, PidAtoms got, double tol, string what)
    {
        foreach (var (name, value) in want)
        {
            double g = name switch { "R" => got.R, "U1" => got.U1, "U2" => got.U2, "S" => got.S, "I" => got.I, _ => throw new InvalidOperationException(name) };
            Assert.True(Math.Abs(g - value) <= tol, $"{what} {name}: expected {value}, got {g} (tolerance {tol}).");
        }
    }

    [Fact]
    public void ReferenceFile_HasTheFourSystems()
        => Assert.Equal(["indep-noise-redundant", "correlated-noise-unique", "correlated-noise-redundant", "vector-target-doubling"],
            GaussianCase.All.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(GaussianCase.Names), MemberType = typeof(GaussianCase))]
    public void Mmi_MatchesIndependentClosedFormTo1e6_AndReferenceTo5e5(string name)
    {
        var k = GaussianCase.Named(name);
        var (i1, i2, i12) = IndependentTerms(k);
        double r = Math.Min(i1, i2);
        var mmi = PidMeasures.Mmi.Gaussian(k.Cov, k.D1, k.D2, k.DY);

        var exact = new Dictionary<string, double> { ["R"] = r, ["U1"] = i1 - r, ["U2"] = i2 - r, ["S"] = i12 - i1 - i2 + r, ["I"] = i12 };
        AssertAtoms(exact, mmi, 1e-6, $"{name} MMI vs closed form");
        AssertAtoms(k.Mmi, mmi, 5e-5, $"{name} MMI vs reference");
        Assert.Equal(mmi, PidMeasures.Mmi.Gaussian(k.Cov, k.D1, k.D2, k.DY));
    }

    [Theory]
    [MemberData(nameof(GaussianCase.Names), MemberType = typeof(GaussianCase))]
    public void Gpid_MatchesReferenceTo1e3_WithCertifiedConvergence(string name)
    {
        var k = GaussianCase.Named(name);
        var g = BrojaMeasure.Gpid(k.Cov, k.D1, k.D2, k.DY);

        AssertAtoms(k.Gpid, g, 1e-3, $"{name} ~G-PID");
        Assert.True(g.Converged, $"{name}: not converged, gap {g.GapBits} bits after {g.Iterations} iterations.");
        Assert.InRange(g.GapBits, 0, 1e-8);
        var (i1, i2, i12) = IndependentTerms(k);
        Assert.Equal(i12, g.I, 1e-9);
        // Consistency equations with the independent mutual informations.
        Assert.Equal(i1, g.R + g.U1, 1e-9);
        Assert.Equal(i2, g.R + g.U2, 1e-9);
        Assert.Equal(i12, g.R + g.U1 + g.U2 + g.S, 1e-9);
        Assert.Equal(g, PidMeasures.Broja.Gaussian(k.Cov, k.D1, k.D2, k.DY));
    }

    [Fact]
    public void VectorTargetDoubling_MmiOverstatesRedundancyByMoreThanATenthOfABit()
    {
        var k = GaussianCase.Named("vector-target-doubling");
        var mmi = PidMeasures.Mmi.Gaussian(k.Cov, k.D1, k.D2, k.DY);
        var g = BrojaMeasure.Gpid(k.Cov, k.D1, k.D2, k.DY);
        Assert.True(mmi.R - g.R > 0.1, $"MMI R {mmi.R} vs ~G-PID R {g.R}");
        Assert.True(g.U2 > 0.1, "~G-PID gives X2 unique information that MMI cannot (min(U1,U2) = 0 under MMI).");
        Assert.Equal(0, Math.Min(mmi.U1, mmi.U2), 12);
    }

    [Theory]
    [MemberData(nameof(GaussianCase.ScalarTargetNames), MemberType = typeof(GaussianCase))]
    public void ScalarTarget_GpidEqualsMmi(string name)
    {
        var k = GaussianCase.Named(name);
        var mmi = PidMeasures.Mmi.Gaussian(k.Cov, k.D1, k.D2, k.DY);
        var g = BrojaMeasure.Gpid(k.Cov, k.D1, k.D2, k.DY);
        foreach (var (a, b) in new[] { (mmi.R, g.R), (mmi.U1, g.U1), (mmi.U2, g.U2), (mmi.S, g.S), (mmi.I, g.I) })
            Assert.True(Math.Abs(a - b) <= 1e-6, $"{name}: MMI {mmi} vs ~G-PID {g}");
    }
}

using PidGpu.Estimate;
using PidGpu.Estimate.Measures;

namespace PidGpu.Tests;

/// <summary>Bad Gaussian inputs give a <see cref="PidInputException"/> that names the problem; the ridge repairs singular blocks.</summary>
public class GaussianInputTests
{
    /// <summary>X1 has two identical columns: the X1 block is singular.</summary>
    static readonly double[,] DuplicatedX1 =
    {
        { 1.0, 1.0, 0.2, 0.5 },
        { 1.0, 1.0, 0.2, 0.5 },
        { 0.2, 0.2, 1.0, 0.3 },
        { 0.5, 0.5, 0.3, 1.0 },
    };

    public static TheoryData<string> Measures() => ["mmi", "gpid"];

    [Theory]
    [MemberData(nameof(Measures))]
    public void SingularSourceBlock_NamesTheBlockAndSuggestsARidge(string measure)
    {
        var e = Assert.Throws<PidInputException>(() =>
            PidMeasures.Find(measure)!.Gaussian(DuplicatedX1, 2, 1, 1));
        Assert.Contains("X1 block", e.Message);
        Assert.Contains("2×2", e.Message);
        Assert.Contains("Ridge", e.Message);
    }

    [Theory]
    [MemberData(nameof(Measures))]
    public void SourceEqualToTarget_NamesTheJointBlock(string measure)
    {
        // X1 = Y: each block is fine alone, (X1,Y) is singular (infinite mutual information).
        var cov = new double[,] { { 1, 0.3, 1 }, { 0.3, 1, 0.3 }, { 1, 0.3, 1 } };
        var e = Assert.Throws<PidInputException>(() => PidMeasures.Find(measure)!.Gaussian(cov, 1, 1, 1));
        Assert.Contains("(X1,Y) block", e.Message);
    }

    [Fact]
    public void ZeroVarianceTarget_NamesY()
    {
        var cov = new double[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 0 } };
        var e = Assert.Throws<PidInputException>(() => BrojaMeasure.Gpid(cov, 1, 1, 1));
        Assert.Contains("Y block", e.Message);
    }

    [Fact]
    public void Ridge_MakesTheSingularCaseComputable_AndTheDuplicateAddsNothing()
    {
        var options = new GaussianOptions(Ridge: 1e-9);
        var g = BrojaMeasure.Gpid(DuplicatedX1, 2, 1, 1, options);
        var m = PidMeasures.Mmi.Gaussian(DuplicatedX1, 2, 1, 1, options);
        Assert.True(g.Converged);
        // The duplicate column carries nothing new: the result is close to that of X1's first column alone.
        var single = new double[,] { { 1.0, 0.2, 0.5 }, { 0.2, 1.0, 0.3 }, { 0.5, 0.3, 1.0 } };
        var reference = PidMeasures.Mmi.Gaussian(single, 1, 1, 1);
        Assert.Equal(reference.I, m.I, 1e-6);
        Assert.Equal(reference.R, g.R, 1e-6);
        Assert.Equal(reference.S, g.S, 1e-6);
    }

    [Fact]
    public void Ridge_IsRelativeToEachBlocksScale()
    {
        // Rescaling X1 by 1000 must not change the ridged result (the ridge follows each block's mean diagonal).
        var scaled = (double[,])DuplicatedX1.Clone();
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
                scaled[i, j] *= (i < 2 ? 1000 : 1) * (j < 2 ? 1000 : 1);
        var a = PidMeasures.Mmi.Gaussian(DuplicatedX1, 2, 1, 1, new GaussianOptions(Ridge: 1e-6));
        var b = PidMeasures.Mmi.Gaussian(scaled, 2, 1, 1, new GaussianOptions(Ridge: 1e-6));
        Assert.Equal(a.R, b.R, 9);
        Assert.Equal(a.I, b.I, 9);
    }

    [Fact]
    public void MalformedInputs_AreRejectedWithTheirReason()
    {
        var ok = GaussianCase.Named("indep-noise-redundant").Cov;
        Assert.Contains("d1+d2+dy", Assert.Throws<PidInputException>(() => PidMeasures.Mmi.Gaussian(ok, 1, 1, 2)).Message);
        Assert.Contains("at least one dimension", Assert.Throws<PidInputException>(() => PidMeasures.Mmi.Gaussian(ok, 0, 2, 1)).Message);

        var asymmetric = (double[,])ok.Clone();
        asymmetric[0, 1] += 0.1;
        Assert.Contains("not symmetric", Assert.Throws<PidInputException>(() => BrojaMeasure.Gpid(asymmetric, 1, 1, 1)).Message);

        var nan = (double[,])ok.Clone();
        nan[2, 2] = double.NaN;
        Assert.Contains("finite", Assert.Throws<PidInputException>(() => PidMeasures.Mmi.Gaussian(nan, 1, 1, 1)).Message);

        Assert.Contains("ridge", Assert.Throws<PidInputException>(() => PidMeasures.Mmi.Gaussian(ok, 1, 1, 1, new GaussianOptions(Ridge: -1))).Message);
        Assert.Contains("target gap", Assert.Throws<PidInputException>(() =>
            BrojaMeasure.Gpid(ok, 1, 1, 1, new GaussianOptions(TargetGapBits: 0))).Message);
        Assert.Contains("iteration limit", Assert.Throws<PidInputException>(() =>
            BrojaMeasure.Gpid(ok, 1, 1, 1, new GaussianOptions(MaxIterations: 0))).Message);
    }

    [Fact]
    public void MutualInformation_GeneralIndexSets()
    {
        var k = GaussianCase.Named("vector-target-doubling");
        double want = GaussianReferenceTests.IndependentMi(k.Cov, [0, 1], [4, 5]);
        Assert.Equal(want, GaussianInformation.MutualInformationBits(k.Cov, [0, 1], [4, 5]), 1e-12);
        var e = Assert.Throws<PidInputException>(() => GaussianInformation.MutualInformationBits(DuplicatedX1, [0, 1], [3], "V", "T"));
        Assert.Contains("V block", e.Message);
    }
}

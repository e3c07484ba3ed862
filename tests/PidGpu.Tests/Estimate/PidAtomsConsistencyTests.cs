using PidGpu.Estimate;

namespace PidGpu.Tests;

/// <summary>
/// The consistency equations, written once in <see cref="PidAtoms"/>, on the AND gate (Y = X1 AND X2, uniform inputs):
/// I(X1;Y) = I(X2;Y) = 0.311278 bits, I(X1,X2;Y) = H(Y) = 0.811278 bits; MMI and BROJA both give R = 0.311278, U1 = U2 = 0,
/// S = 0.5 (Bertschinger et al. 2014, Table 1).
/// </summary>
public class PidAtomsConsistencyTests
{
    static readonly double HY = -(0.25 * Math.Log2(0.25) + 0.75 * Math.Log2(0.75));
    static readonly double I1 = HY - 0.5; // H(Y) − H(Y|X1): X1 = 0 fixes Y = 0, X1 = 1 leaves Y = X2 (1 bit)

    [Fact]
    public void Mmi_AndGate_MatchesTheLiterature()
    {
        var a = PidAtoms.Mmi(I1, I1, HY);
        Assert.Equal(0.311278, a.R, 1e-6);
        Assert.Equal(0, a.U1, 1e-15);
        Assert.Equal(0, a.U2, 1e-15);
        Assert.Equal(0.5, a.S, 1e-12);
        Assert.Equal(0.811278, a.I, 1e-6);
    }

    [Fact]
    public void FromUnion_AndGate_GivesTheSameAtomsAsFromRedundancy()
    {
        // BROJA's union information on AND is max(I1, I2) = I1 (no unique information).
        var (r, u1, u2, s) = PidAtoms.FromUnion(I1, I1, I1, HY);
        var fromR = PidAtoms.FromRedundancy(r, I1, I1, HY);
        Assert.Equal(fromR.U1, u1, 1e-15);
        Assert.Equal(fromR.U2, u2, 1e-15);
        Assert.Equal(fromR.S, s, 1e-15);
        Assert.Equal(0.311278, r, 1e-6);
        Assert.Equal(0.5, s, 1e-12);
    }

    [Theory]
    [InlineData(0.2, 0.7, 0.4, 1.3)]
    [InlineData(0.0, 0.0, 0.0, 1.0)]
    [InlineData(0.05, 0.05, 0.9, 0.95)]
    public void FromRedundancy_SatisfiesTheThreeEquations(double r, double i1, double i2, double i12)
    {
        var a = PidAtoms.FromRedundancy(r, i1, i2, i12);
        Assert.Equal(i1, a.R + a.U1, 1e-15);
        Assert.Equal(i2, a.R + a.U2, 1e-15);
        Assert.Equal(i12, a.R + a.U1 + a.U2 + a.S, 1e-15);
        Assert.Equal(i12, a.I);
    }
}

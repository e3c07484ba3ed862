using PidGpu.Estimate;

namespace PidGpu.Tests;

/// <summary>
/// A singular covariance names, besides its message, the setting that resolves it (machine-readable), so front ends
/// word the remedy themselves: the library in API terms, the CLI as a flag, neither by parsing the other's text.
/// </summary>
public class GaussianErrorFieldsTests
{
    static readonly double[,] Singular = // X1 and X2 identical
    {
        { 1, 1, 0.5 },
        { 1, 1, 0.5 },
        { 0.5, 0.5, 1 },
    };

    [Fact]
    public void SingularBlock_CarriesTheRidgeSetting_AndAValueThatResolvesIt()
    {
        // X1 and X2 identical make the (X1,X2) block singular.
        var cov = Singular;
        var ex = Assert.Throws<PidInputException>(() => PidMeasures.Mmi.Gaussian(cov, 1, 1, 1));
        Assert.Equal(GaussianInformation.RidgeSetting, ex.Setting);
        Assert.Equal("1e-6", ex.SuggestedValue);
        Assert.NotNull(ex.Problem);
        Assert.DoesNotContain("GaussianOptions", ex.Problem);
        Assert.Contains("GaussianOptions.Ridge = 1e-6", ex.Message);
        // The suggested value does resolve it.
        var atoms = PidMeasures.Mmi.Gaussian(cov, 1, 1, 1, new GaussianOptions(Ridge: double.Parse(ex.SuggestedValue!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.True(double.IsFinite(atoms.I));
    }

    [Fact]
    public void WithPrefix_KeepsTheFields()
    {
        var ex = Assert.Throws<PidInputException>(() => PidMeasures.Mmi.Gaussian(Singular, 1, 1, 1));
        var prefixed = ex.WithPrefix("bootstrap replicate 3");
        Assert.StartsWith("bootstrap replicate 3: ", prefixed.Message);
        Assert.StartsWith("bootstrap replicate 3: ", prefixed.Problem);
        Assert.Equal(ex.Setting, prefixed.Setting);
        Assert.Equal(ex.SuggestedValue, prefixed.SuggestedValue);
    }
}

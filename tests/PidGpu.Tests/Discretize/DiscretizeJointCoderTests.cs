using PidGpu.Discretize;
using PidGpu.Estimate;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>
/// <see cref="JointCoder"/>: mixed-radix codes enumerate every combination exactly once in row-major order, codes
/// outside their alphabet and alphabets too large for a joint distribution are refused, and binning then combining
/// equals combining per-column <see cref="Binner"/> codes.
/// </summary>
[Collection(EngineDeviceCollection.Name)]
public class DiscretizeJointCoderTests(EngineDeviceFixture fixture)
{
    [Fact]
    public void Combine_EnumeratesAllCombinationsInOrder()
    {
        int[] sizes = [2, 3, 4];
        var rows = (from a in Enumerable.Range(0, 2) from b in Enumerable.Range(0, 3) from c in Enumerable.Range(0, 4) select new[] { a, b, c }).ToArray();
        var columns = Enumerable.Range(0, 3).Select(col => rows.Select(r => r[col]).ToArray()).ToArray();
        var (codes, alphabet) = JointCoder.Combine(columns, sizes);
        Assert.Equal(24, alphabet);
        Assert.Equal(Enumerable.Range(0, 24), codes);
    }

    [Fact]
    public void Combine_RefusesBadCodesShapesAndHugeAlphabets()
    {
        Assert.Contains("row 1, column 1 has code 3", Assert.Throws<PidInputException>(() => JointCoder.Combine([[0, 1], [0, 3]], [2, 3])).Message);
        Assert.Throws<PidInputException>(() => JointCoder.Combine([[0, 1], [0]], [2, 3]));
        Assert.Throws<PidInputException>(() => JointCoder.Combine([[0, 1]], [2, 3]));
        var nine = Enumerable.Repeat(new[] { 0 }, 9).ToArray();
        var e = Assert.Throws<PidInputException>(() => JointCoder.Combine(nine, Enumerable.Repeat(8, 9).ToArray(), "layer3"));
        Assert.Contains($"layer3: the joint alphabet of 8×8×8×8×8×8×8×8×8 values exceeds the {JointDistribution.MaxCells}", e.Message);
        Assert.Equal(1 << 24, JointCoder.Combine(nine.Take(8).ToArray(), Enumerable.Repeat(8, 8).ToArray()).Alphabet);
    }

    [Fact]
    public void BinAndCombine_EqualsCombiningBinnerCodes()
    {
        var rng = new Random(4);
        var columns = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, 300).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray()).ToArray();
        var binner = new Binner(fixture.Device);
        var (codes, alphabet) = JointCoder.BinAndCombine(binner, columns, 4, BinningMode.Quantile);
        var expected = JointCoder.Combine(columns.Select(c => binner.Bin(c, 4, BinningMode.Quantile)).ToArray(), [4, 4, 4]);
        Assert.Equal(64, alphabet);
        Assert.Equal(expected.Codes, codes);
        Assert.Throws<PidInputException>(() => JointCoder.BinAndCombine(binner, Enumerable.Repeat(columns[0], 14).ToArray(), 4, BinningMode.Quantile));
    }
}

using PidGpu.Formats;

namespace PidGpu.Tests;

public class FormatsCountsCsvReaderTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    PidInputException Fails(string csv)
    {
        var ex = Assert.Throws<PidInputException>(() => CountsCsvReader.Read(temp.Write("codes.csv", csv)));
        Assert.Contains("codes.csv", ex.Message);
        return ex;
    }

    [Fact]
    public void ColumnsInAnyOrder_OtherColumnsIgnored()
    {
        var joint = CountsCsvReader.Read(temp.Write("codes.csv", "id,y,x2,x1\n7,1,0,1\n8,0,0,0\n9,1,0,1\n10,1,1,0\n"));
        Assert.Equal((2, 2, 2), (joint.N1, joint.N2, joint.NY));
        Assert.Equal(0.5, joint[1, 0, 1]);
        Assert.Equal(0.25, joint[0, 0, 0]);
        Assert.Equal(0.25, joint[0, 1, 1]);
    }

    [Fact]
    public void WindowsLineEndingsAndQuotedHeader_AreFine()
    {
        var joint = CountsCsvReader.Read(temp.Write("codes.csv", "\"x1\",\"x2\",\"y\"\r\n0,1,1\r\n1,0,1\r\n"));
        Assert.Equal(0.5, joint[0, 1, 1]);
    }

    /// <summary>Each bad file fails with a message naming the file and every listed fragment (the place and the problem).</summary>
    [Theory]
    [InlineData("x1,y\n0,1\n", new[] { "missing column 'x2'", "x1, y" })]
    [InlineData("x1,x2,y\n0,0,0\n1,1,1\n0,1.5,1\n", new[] { "row 3", "x2", "'1.5' is not an integer" })]
    [InlineData("x1,x2,y\n0,0,0\n0,0,-2\n", new[] { "row 2", "negative" })]
    [InlineData("x1,x2,y\n0,0,99999999999999999999\n", new[] { "too large" })]
    [InlineData("x1,x2,y\n0,0\n", new[] { "row 1 has 2 fields" })]
    [InlineData("x1,x2,y\n", new[] { "no data rows" })]
    [InlineData("", new[] { "empty" })]
    public void BadFile_NamesFileAndProblem(string csv, string[] expected)
    {
        var message = Fails(csv).Message;
        foreach (var fragment in expected) Assert.Contains(fragment, message);
    }

    [Fact]
    public void LargeCodes_AreRenumbered_InOrder()
    {
        // Uncompacted, y = 67108863 alone would size the table at 2^26 rows of y.
        var path = temp.Write("codes.csv", "x1,x2,y\n5,0,67108863\n9,0,3\n5,0,3\n9,0,67108863\n");
        var (x1, x2, y) = CountsCsvReader.ReadCodes(path);
        Assert.Equal([5L, 9L], x1.Values);
        Assert.Equal([0L], x2.Values);
        Assert.Equal([3L, 67108863L], y.Values);
        Assert.Equal([1, 0, 0, 1], y.Codes);
        var joint = CountsCsvReader.Read(path);
        Assert.Equal((2, 1, 2), (joint.N1, joint.N2, joint.NY));
        Assert.Equal(0.25, joint[0, 0, 1]);
        Assert.Equal(0.25, joint[1, 0, 0]);
    }

    [Fact]
    public void DistinctCodesOverBudget_AreRejected_BeforeTheTable()
    {
        var csv = "x1,x2,y\n" + string.Join("\n", Enumerable.Range(0, 1000).Select(i => $"{i},{i},{i % 100}"));
        var ex = Fails(csv);
        Assert.Contains("1000 distinct x1 codes x 1000 x2 x 100 y", ex.Message);
        Assert.Contains("100000000 cells", ex.Message);
    }

    [Fact]
    public void MissingFile()
    {
        var ex = Assert.Throws<PidInputException>(() => CountsCsvReader.Read(temp.File("gone.csv")));
        Assert.Contains("gone.csv: file not found", ex.Message);
    }
}

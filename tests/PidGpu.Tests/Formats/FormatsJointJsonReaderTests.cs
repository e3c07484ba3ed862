using PidGpu.Formats;
using PidGpu.Estimate;

namespace PidGpu.Tests;

public class FormatsJointJsonReaderTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    JointDistribution ReadText(string json) => JointJsonReader.Read(temp.Write("joint.json", json));

    PidInputException Fails(string json)
    {
        var ex = Assert.Throws<PidInputException>(() => ReadText(json));
        Assert.Contains("joint.json", ex.Message); // every message names the file
        return ex;
    }

    [Fact]
    public void Counts_AreNormalised_InX1X2YOrder()
    {
        var joint = ReadText("""{"p": [[[1, 0, 2]], [[0, 1, 0]]], "note": "other keys are ignored"}""");
        Assert.Equal((2, 1, 3), (joint.N1, joint.N2, joint.NY));
        Assert.Equal(0.25, joint[0, 0, 0]);
        Assert.Equal(0.5, joint[0, 0, 2]);
        Assert.Equal(0.25, joint[1, 0, 1]);
    }

    [Fact]
    public void MissingFile()
    {
        var path = temp.File("nope.json");
        var ex = Assert.Throws<PidInputException>(() => JointJsonReader.Read(path));
        Assert.Contains("nope.json", ex.Message);
        Assert.Contains("not found", ex.Message);
    }

    [Fact]
    public void MalformedJson_GivesLineAndByte()
    {
        var ex = Fails("{\"p\": [[[1,\n  2,, 3]]]}");
        Assert.Contains("malformed JSON", ex.Message);
        Assert.Contains("line 2", ex.Message);
        Assert.Contains("byte", ex.Message);
    }

    [Fact]
    public void MissingP() => Assert.Contains("missing \"p\"", Fails("""{"q": [[[1]]]}""").Message);

    [Fact]
    public void TopLevelArray_IsRejected() => Assert.Contains("top level must be an object", Fails("[[[1]]]").Message);

    [Theory]
    [InlineData("""{"p": 3}""", "p must be an array")]
    [InlineData("""{"p": [3]}""", "p[0] must be an array")]
    [InlineData("""{"p": [[3]]}""", "p[0][0] must be an array")]
    public void NonArrayLevel(string json, string expected) => Assert.Contains(expected, Fails(json).Message);

    [Fact]
    public void RaggedX2_NamesIndexAndLengths()
    {
        var ex = Fails("""{"p": [[[1], [1]], [[1]]]}""");
        Assert.Contains("ragged", ex.Message);
        Assert.Contains("p[1] has length 1 but p[0] has length 2", ex.Message);
    }

    [Fact]
    public void RaggedY_NamesIndexAndLengths()
    {
        var ex = Fails("""{"p": [[[1, 2], [1, 2]], [[1, 2], [1, 2, 3]]]}""");
        Assert.Contains("ragged", ex.Message);
        Assert.Contains("p[1][1] has length 3 but p[0][0] has length 2", ex.Message);
    }

    [Fact]
    public void NonNumericEntry()
    {
        var ex = Fails("""{"p": [[[1, true]]]}""");
        Assert.Contains("p[0][0][1]", ex.Message);
        Assert.Contains("not a number", ex.Message);
    }

    [Fact]
    public void NumericString_IsRejected() => Assert.Contains("p[0][0][0] is the string \"0.5\"", Fails("""{"p": [[["0.5", 1]]]}""").Message);

    [Theory]
    [InlineData("NaN")]
    [InlineData("nan")]
    public void NaNString_IsRejected(string nan)
    {
        var ex = Fails($$"""{"p": [[[1, "{{nan}}"]]]}""");
        Assert.Contains("p[0][0][1] is NaN", ex.Message);
    }

    [Fact]
    public void InfinityString_IsRejected() => Assert.Contains("infinite", Fails("""{"p": [[[1, "Infinity"]]]}""").Message);

    [Fact]
    public void HugeNumber_IsOutOfRange() => Assert.Contains("out of range", Fails("""{"p": [[[1, 1e999]]]}""").Message);

    [Fact]
    public void NegativeEntry()
    {
        var ex = Fails("""{"p": [[[0.5, 0.6]], [[-0.1, 0]]]}""");
        Assert.Contains("negative", ex.Message);
        Assert.Contains("p[1][0][0]", ex.Message);
    }

    [Theory]
    [InlineData("""{"p": []}""", "p is an empty array")]
    [InlineData("""{"p": [[]]}""", "p[0] is an empty array")]
    [InlineData("""{"p": [[[]]]}""", "p[0][0] is an empty array")]
    public void EmptyArrays(string json, string expected) => Assert.Contains(expected, Fails(json).Message);

    [Fact]
    public void AllZero_IsRejectedByTheTable() => Assert.Contains("positive", Fails("""{"p": [[[0, 0]], [[0, 0]]]}""").Message);
}

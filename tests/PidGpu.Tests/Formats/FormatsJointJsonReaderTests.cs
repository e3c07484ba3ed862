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

    /// <summary>Each bad file fails with a message naming the file and every listed fragment (the place and the problem).</summary>
    [Theory]
    [InlineData("{\"p\": [[[1,\n  2,, 3]]]}", new[] { "malformed JSON", "line 2", "byte" })]
    [InlineData("""{"q": [[[1]]]}""", new[] { "missing \"p\"" })]
    [InlineData("[[[1]]]", new[] { "top level must be an object" })]
    [InlineData("""{"p": 3}""", new[] { "p must be an array" })]
    [InlineData("""{"p": [3]}""", new[] { "p[0] must be an array" })]
    [InlineData("""{"p": [[3]]}""", new[] { "p[0][0] must be an array" })]
    [InlineData("""{"p": [[[1], [1]], [[1]]]}""", new[] { "ragged", "p[1] has length 1 but p[0] has length 2" })]
    [InlineData("""{"p": [[[1, 2], [1, 2]], [[1, 2], [1, 2, 3]]]}""", new[] { "ragged", "p[1][1] has length 3 but p[0][0] has length 2" })]
    [InlineData("""{"p": [[[1, true]]]}""", new[] { "p[0][0][1]", "not a number" })]
    [InlineData("""{"p": [[["0.5", 1]]]}""", new[] { "p[0][0][0] is the string \"0.5\"" })]
    [InlineData("""{"p": [[[1, "NaN"]]]}""", new[] { "p[0][0][1] is NaN" })]
    [InlineData("""{"p": [[[1, "nan"]]]}""", new[] { "p[0][0][1] is NaN" })]
    [InlineData("""{"p": [[[1, "Infinity"]]]}""", new[] { "infinite" })]
    [InlineData("""{"p": [[[1, 1e999]]]}""", new[] { "out of range" })]
    [InlineData("""{"p": [[[0.5, 0.6]], [[-0.1, 0]]]}""", new[] { "negative", "p[1][0][0]" })]
    [InlineData("""{"p": []}""", new[] { "p is an empty array" })]
    [InlineData("""{"p": [[]]}""", new[] { "p[0] is an empty array" })]
    [InlineData("""{"p": [[[]]]}""", new[] { "p[0][0] is an empty array" })]
    [InlineData("""{"p": [[[0, 0]], [[0, 0]]]}""", new[] { "positive" })]
    public void BadFile_NamesFileAndProblem(string json, string[] expected)
    {
        var message = Fails(json).Message;
        foreach (var fragment in expected) Assert.Contains(fragment, message);
    }
}

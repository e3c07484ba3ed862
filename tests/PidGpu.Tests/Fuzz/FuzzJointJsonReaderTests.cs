using PidGpu.Formats;
using PidGpu.Tests.Support;

namespace PidGpu.Tests;

/// <summary>Joint tables whose names or strings hold an unpaired surrogate escape are input errors (found by the fuzzer).</summary>
public sealed class FuzzJointJsonReaderTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    public static TheoryData<string> Found => FuzzFindings.Names("joint-json");

    [Theory, MemberData(nameof(Found))]
    public void FuzzFinding_IsAnInputError(string finding) =>
        Assert.Throws<PidInputException>(() => JointJsonReader.Read(FuzzFindings.Place("joint-json", finding, temp.Path, "joint.json")));

    [Theory]
    [InlineData("""{"\ud800": [[[1]]]}""", "a property name in $")]
    [InlineData("""{"p": [[["\udc00"]]]}""", "$.p[0][0][0]")]
    public void UnpairedSurrogate_IsAnInputErrorNamingWhere(string json, string where)
    {
        var e = Assert.Throws<PidInputException>(() => JointJsonReader.Parse(json, "j.json"));
        Assert.Contains(where, e.Message);
    }
}

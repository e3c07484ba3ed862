using System.Text.Json;
using PidGpu.Cli;

namespace PidGpu.Tests;

/// <summary><c>pidgpu decompose --counts</c> with codes that are not 0..k−1: renumbered, and the mapping is in the result.</summary>
public class CliCountsCodesTests
{
    [Fact]
    public void HugeCode_IsCompacted_AndTheMappingReported()
    {
        using var temp = new TempFolder();
        // y copies x1 (one bit, all of it unique to x1 with x2 constant), with y's codes 7 and 67108863.
        var counts = temp.Write("c.csv", "x1,x2,y\n0,4,7\n1,4,67108863\n0,4,7\n1,4,67108863\n");
        var outPath = temp.File("r.json");
        var run = CliRun.Of("decompose", "--counts", counts, "--measure", "mmi", "--device", "cpu", "--out", outPath);
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        using var doc = JsonDocument.Parse(File.ReadAllText(outPath));
        var input = doc.RootElement.GetProperty("input");
        Assert.Equal((2, 1, 2), (input.GetProperty("n1").GetInt32(), input.GetProperty("n2").GetInt32(), input.GetProperty("ny").GetInt32()));
        var codes = input.GetProperty("codes");
        Assert.Equal([0L, 1L], codes.GetProperty("x1").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal([4L], codes.GetProperty("x2").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal([7L, 67108863L], codes.GetProperty("y").EnumerateArray().Select(e => e.GetInt64()));
        var mmi = doc.RootElement.GetProperty("measures").GetProperty("mmi");
        Assert.Equal(1.0, mmi.GetProperty("I").GetDouble(), 12);
        Assert.Equal(1.0, mmi.GetProperty("U1").GetDouble(), 12);
    }
}

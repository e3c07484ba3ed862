using PidGpu.Cli;
using PidGpu.Formats.Arrays;

namespace PidGpu.Tests;

/// <summary>
/// Safetensors data_offsets that break the format's layout (tensors back to back, covering the data exactly) are
/// refused, naming the tensors, whichever tensor is asked for; a 2^63 offset gets its own message.
/// </summary>
public class FormatsArraysSafetensorsLayoutTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    /// <summary>Two F32 tensors of 6 values: 'a' then 'b', 48 data bytes in all, with the offsets given.</summary>
    string TwoTensors(string aOffsets, string bOffsets, int dataBytes = 48)
    {
        string json = $"{{\"a\": {{\"dtype\": \"F32\", \"shape\": [6], \"data_offsets\": {aOffsets}}}, " +
            $"\"b\": {{\"dtype\": \"F32\", \"shape\": [6], \"data_offsets\": {bOffsets}}}}}";
        var bytes = new SafetensorsBuilder().Build(json).Concat(new byte[dataBytes]).ToArray();
        var path = temp.WriteBytes("t.safetensors", bytes);
        return path;
    }

    static string Refused(string path, string tensor)
    {
        var ex = Assert.Throws<PidInputException>(() => SafetensorsReader.Open(path, tensor).Dispose());
        Assert.StartsWith(path, ex.Message);
        return ex.Message;
    }

    [Theory]
    [InlineData("a")]
    [InlineData("b")]
    public void Overlap_NamesBothTensors(string asked)
    {
        var path = TwoTensors("[0, 24]", "[12, 36]", dataBytes: 36);
        Assert.Contains("tensors 'a' and 'b' overlap", Refused(path, asked));
    }

    [Fact]
    public void SameBytesTwice_IsAnOverlap()
        => Assert.Contains("tensors 'a' and 'b' overlap", Refused(TwoTensors("[0, 24]", "[0, 24]", dataBytes: 24), "a"));

    [Fact]
    public void GapBetweenTensors_IsNamed()
        => Assert.Contains("bytes [24, 28) of the data belong to no tensor (between 'a' and 'b')",
            Refused(TwoTensors("[0, 24]", "[28, 52]", dataBytes: 52), "a"));

    [Fact]
    public void GapAtTheStart_IsNamed()
        => Assert.Contains("bytes [0, 4) of the data belong to no tensor (before 'a')", Refused(TwoTensors("[4, 28]", "[28, 52]", dataBytes: 52), "b"));

    [Fact]
    public void BytesAfterTheLastTensor_AreNamed()
        => Assert.Contains("bytes [48, 56) at the end of the data belong to no tensor (after 'b')",
            Refused(TwoTensors("[0, 24]", "[24, 48]", dataBytes: 56), "a"));

    [Fact]
    public void OtherTensorPastTheFile_IsNamed()
        => Assert.Contains("tensor 'b' data_offsets [24, 48] run past the end of the data (40 bytes after the header",
            Refused(TwoTensors("[0, 24]", "[24, 48]", dataBytes: 40), "a"));

    [Theory]
    [InlineData("[0, 9223372036854775808]", "9223372036854775808 is beyond any file")]
    [InlineData("[9223372036854775808, 9223372036854775832]", "9223372036854775808 is beyond any file")]
    [InlineData("[4611686018427387904, 4611686018427387928]", "run past the end of the data")]
    public void AbsurdOffsets_ClearMessage(string offsets, string expected)
        => Assert.Contains(expected, Refused(TwoTensors(offsets, "[0, 24]"), "a"));

    [Fact]
    public void WellFormedFile_StillReads()
    {
        var path = TwoTensors("[24, 48]", "[0, 24]"); // JSON order need not be data order
        using var a = SafetensorsReader.Open(path, "a");
        Assert.Equal((6L, 1), (a.Rows, a.Columns));
    }

    [Fact]
    public void Cli_OverlappingTensors_Exit2_NamesThem()
    {
        var path = TwoTensors("[0, 24]", "[12, 36]", dataBytes: 36);
        var run = CliRun.Of("decompose", "--estimator", "gaussian", "--x1", path + ":a", "--x2", path + ":b", "--y", path + ":a", "--device", "cpu");
        Assert.True(run.ExitCode == ExitCodes.BadInput, run.ToString());
        Assert.Contains("tensors 'a' and 'b' overlap", run.Stderr);
    }
}

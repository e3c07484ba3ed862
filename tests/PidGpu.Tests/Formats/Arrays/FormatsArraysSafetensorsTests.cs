using PidGpu.Formats.Arrays;

namespace PidGpu.Tests;

public class FormatsArraysSafetensorsTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    PidInputException Fails(byte[] bytes, string? tensor = "x")
    {
        var path = temp.WriteBytes("bad.safetensors", bytes);
        var ex = Assert.Throws<PidInputException>(() => SafetensorsReader.Open(path, tensor).Dispose());
        Assert.Contains(path, ex.Message);
        return ex;
    }

    string AllDTypes() => temp.WriteBytes("all.safetensors", new SafetensorsBuilder()
        .Metadata("{\"format\": \"pt\"}")
        .Add("f16", "F16", [2, 3], ArrayBytes.F16(ArrayBytes.Six))
        .Add("bf16", "BF16", [3, 2], ArrayBytes.BF16(ArrayBytes.Six))
        .Add("f32", "F32", [6], ArrayBytes.F32(ArrayBytes.Six))
        .Add("f64", "F64", [1, 6], ArrayBytes.F64(ArrayBytes.Six.Select(v => (double)v).ToArray()))
        .Build());

    [Fact]
    public void EveryDType_RoundTrips()
    {
        var path = AllDTypes();
        using (var m = SafetensorsReader.Open(path, "f16"))
        {
            Assert.Equal((2L, 3, ArrayDType.Float16), (m.Rows, m.Columns, m.DType));
            Assert.Equal(ArrayBytes.Six.Select(v => (float)(Half)v).ToArray(), m.ReadAll());
            Assert.Equal($"{path}:f16", m.Source);
        }
        using (var m = SafetensorsReader.Open(path, "bf16"))
        {
            Assert.Equal((3L, 2, ArrayDType.BFloat16), (m.Rows, m.Columns, m.DType));
            Assert.Equal(ArrayBytes.Six.Select(ArrayBytes.BF16Value).ToArray(), m.ReadAll());
            Assert.Equal(1.5f, m.ReadAll()[0]); // exact in bfloat16
        }
        using (var m = SafetensorsReader.Open(path, "f32"))
        {
            Assert.Equal((6L, 1, ArrayDType.Float32), (m.Rows, m.Columns, m.DType));
            Assert.Equal(ArrayBytes.Six, m.ReadAll());
        }
        using (var m = SafetensorsReader.Open(path, "f64"))
        {
            Assert.Equal((1L, 6, ArrayDType.Float64), (m.Rows, m.Columns, m.DType));
            Assert.Equal(ArrayBytes.Six, m.ReadAll());
        }
    }

    [Fact]
    public void TensorNames_SkipMetadata()
    {
        Assert.Equal(["f16", "bf16", "f32", "f64"], SafetensorsReader.TensorNames(AllDTypes()));
    }

    [Fact]
    public void SingleTensor_IsChosenWithoutAName()
    {
        var path = temp.WriteBytes("one.safetensors", new SafetensorsBuilder().Metadata("{}").Add("acts", "F32", [3, 2], ArrayBytes.F32(ArrayBytes.Six)).Build());
        using var m = SafetensorsReader.Open(path, null);
        Assert.Equal($"{path}:acts", m.Source);
        Assert.Equal(ArrayBytes.Six, m.ReadAll());
    }

    [Fact]
    public void SeveralTensors_WithoutAName_ListsThem()
    {
        var path = AllDTypes();
        var ex = Assert.Throws<PidInputException>(() => SafetensorsReader.Open(path, null));
        Assert.Contains($"{path}: the file holds 4 tensors; choose one with {path}:NAME ('f16', 'bf16', 'f32', 'f64')", ex.Message);
    }

    [Fact]
    public void ChunksOf7Rows_EqualTheWholeRead_AtANonZeroOffset()
    {
        var values = ArrayBytes.Ramp(300);
        var path = temp.WriteBytes("c.safetensors", new SafetensorsBuilder()
            .Add("pad", "F16", [3], ArrayBytes.F16(1, 2, 3)) // makes the next tensor start at an odd offset
            .Add("x", "BF16", [100, 3], ArrayBytes.BF16(values))
            .Add("y", "F32", [100, 3], ArrayBytes.F32(values))
            .Build());
        foreach (var name in new[] { "x", "y" })
        {
            using var m = SafetensorsReader.Open(path, name);
            var whole = m.ReadAll();
            var expected = name == "x" ? values.Select(ArrayBytes.BF16Value).ToArray() : values;
            Assert.Equal(expected, whole);
            var chunked = new float[300];
            for (long first = 0; first < m.Rows; first += 7)
            {
                int rows = (int)Math.Min(7, m.Rows - first);
                m.ReadRows(first, chunked.AsSpan((int)first * 3, rows * 3));
            }
            Assert.Equal(whole, chunked);
        }
    }

    [Fact]
    public void NonFiniteValues_AreReturned()
    {
        var path = temp.WriteBytes("n.safetensors", new SafetensorsBuilder().Add("x", "BF16", [2, 2], ArrayBytes.BF16(1, float.NaN, float.NegativeInfinity, 2)).Build());
        using var m = SafetensorsReader.Open(path, "x");
        var v = m.ReadAll();
        Assert.True(float.IsNaN(v[1]));
        Assert.True(float.IsNegativeInfinity(v[2]));
        Assert.Equal((0L, 1), m.FindFirstNonFinite());
    }

    // ---- errors ----

    [Fact]
    public void MissingFile()
    {
        var path = temp.File("nope.safetensors");
        var ex = Assert.Throws<PidInputException>(() => SafetensorsReader.Open(path, "x"));
        Assert.Equal($"{path}: file not found.", ex.Message);
    }

    [Fact]
    public void TruncatedHeaderLength()
    {
        Assert.Contains("truncated safetensors header: the file has only 5 bytes", Fails([1, 2, 3, 4, 5]).Message);
    }

    [Fact]
    public void HeaderLengthBeyondFile()
    {
        var bytes = new SafetensorsBuilder().Add("x", "F32", [6], ArrayBytes.F32(ArrayBytes.Six)).Build();
        var ex = Fails(bytes[..30]);
        Assert.Contains("header length", ex.Message);
        Assert.Contains("runs past the end of the file (30 bytes", ex.Message);
    }

    [Theory]
    [InlineData("{\"x\": {\"dtype\": \"F32\", \"shape\": [6], \"data_offsets\": [0, 24]", "malformed safetensors header JSON")]
    [InlineData("[1, 2, 3]", "the JSON must be an object, got Array")]
    [InlineData("{\"x\": 5}", "the entry must be an object")]
    [InlineData("{\"x\": {\"shape\": [6], \"data_offsets\": [0, 24]}}", "missing or non-string \"dtype\"")]
    [InlineData("{\"x\": {\"dtype\": \"F32\", \"data_offsets\": [0, 24]}}", "missing or non-array \"shape\"")]
    [InlineData("{\"x\": {\"dtype\": \"F32\", \"shape\": [-6], \"data_offsets\": [0, 24]}}", "\"shape\" must hold non-negative integers")]
    [InlineData("{\"x\": {\"dtype\": \"F32\", \"shape\": [6]}}", "\"data_offsets\" must be [begin, end]")]
    [InlineData("{\"x\": {\"dtype\": \"F32\", \"shape\": [6], \"data_offsets\": [24, 0]}}", "\"data_offsets\" must be [begin, end]")]
    public void MalformedHeader(string json, string expected)
    {
        var ex = Fails(new SafetensorsBuilder().Build(json).Concat(ArrayBytes.F32(ArrayBytes.Six)).ToArray());
        Assert.Contains("malformed safetensors header", ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void TensorNotFound_ListsAvailableNames()
    {
        var path = AllDTypes();
        var ex = Assert.Throws<PidInputException>(() => SafetensorsReader.Open(path, "h"));
        Assert.Equal($"{path}: no tensor named 'h'; available: 'f16', 'bf16', 'f32', 'f64'.", ex.Message);
        var meta = Assert.Throws<PidInputException>(() => SafetensorsReader.Open(path, "__metadata__"));
        Assert.Contains("no tensor named '__metadata__'", meta.Message);
    }

    [Fact]
    public void NoTensors()
    {
        var ex = Fails(new SafetensorsBuilder().Metadata("{}").Build(), tensor: null);
        Assert.Contains("contains no tensors", ex.Message);
    }

    [Theory]
    [InlineData("I64")]
    [InlineData("F8_E4M3")]
    [InlineData("BOOL")]
    public void UnsupportedDType_IsNamed(string dtype)
    {
        var ex = Fails(new SafetensorsBuilder().Add("x", dtype, [6], ArrayBytes.F32(ArrayBytes.Six)).Build());
        Assert.Contains($"unsupported dtype '{dtype}'; supported: F16, BF16, F32, F64", ex.Message);
    }

    [Theory]
    [InlineData(new long[] { 1, 2, 3 }, "shape [1, 2, 3] (3-D)")]
    [InlineData(new long[0], "shape [] (0-D)")]
    [InlineData(new long[] { 0, 6 }, "the tensor is empty (shape [0, 6])")]
    public void BadShape(long[] shape, string expected)
    {
        var ex = Fails(new SafetensorsBuilder().Add("x", "F32", shape, ArrayBytes.F32(ArrayBytes.Six)).Build());
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void DataOffsetsInconsistentWithShape()
    {
        var ex = Fails(new SafetensorsBuilder().Add("x", "BF16", [2, 3], ArrayBytes.F32(ArrayBytes.Six)).Build());
        Assert.Contains("data_offsets [0, 24] span 24 bytes but shape [2, 3] of BF16 needs 12", ex.Message);
    }

    [Fact]
    public void DataBeyondFile_SaysExpectedAndActualBytes()
    {
        var bytes = new SafetensorsBuilder().Add("x", "F32", [2, 3], ArrayBytes.F32(ArrayBytes.Six)).Build();
        var ex = Fails(bytes[..^4]);
        Assert.Contains("data_offsets [0, 24] run past the end of the data: expected at least 24 bytes after the header, the file has 20", ex.Message);
    }
}

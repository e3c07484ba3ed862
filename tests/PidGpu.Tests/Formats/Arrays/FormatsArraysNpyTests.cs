using System.Buffers.Binary;
using PidGpu.Formats.Arrays;

namespace PidGpu.Tests;

public class FormatsArraysNpyTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    PidInputException Fails(byte[] bytes, string name = "bad.npy")
    {
        var path = temp.WriteBytes(name, bytes);
        var ex = Assert.Throws<PidInputException>(() => NpyReader.Open(path).Dispose());
        Assert.Contains(path, ex.Message);
        return ex;
    }

    static readonly float[] Six = [1.5f, -2.25f, 0f, 3.125f, -1e-3f, 65504f];

    [Fact]
    public void Float32_2D_RoundTrips()
    {
        var path = temp.WriteBytes("a.npy", ArrayBytes.Npy("<f4", "(2, 3)", ArrayBytes.F32(Six)));
        using var m = NpyReader.Open(path);
        Assert.Equal(2, m.Rows);
        Assert.Equal(3, m.Columns);
        Assert.Equal(ArrayDType.Float32, m.DType);
        Assert.Equal(path, m.Source);
        Assert.Equal(0, m.DataOffset % 64);
        Assert.Equal(Six, m.ReadAll());
    }

    [Fact]
    public void Float64_RoundTripsToNearestFloat()
    {
        double[] values = [0.1, -1e300, 2.5, 1e-50, 123456789.123, -0.0];
        using var m = NpyReader.Open(temp.WriteBytes("a.npy", ArrayBytes.Npy("<f8", "(3, 2)", ArrayBytes.F64(values))));
        Assert.Equal(ArrayDType.Float64, m.DType);
        Assert.Equal(values.Select(v => (float)v).ToArray(), m.ReadAll()); // -1e300 → -inf: kept, not rejected
        Assert.True(float.IsNegativeInfinity(m.ReadAll()[1]));
    }

    [Fact]
    public void Float16_RoundTrips()
    {
        using var m = NpyReader.Open(temp.WriteBytes("a.npy", ArrayBytes.Npy("<f2", "(6,)", ArrayBytes.F16(Six))));
        Assert.Equal(ArrayDType.Float16, m.DType);
        Assert.Equal(Six.Select(v => (float)(Half)v).ToArray(), m.ReadAll());
        Assert.Equal(65504f, m.ReadAll()[5]);
    }

    [Fact]
    public void BigEndianFloat32_RoundTrips()
    {
        using var m = NpyReader.Open(temp.WriteBytes("a.npy", ArrayBytes.Npy(">f4", "(3, 2)", ArrayBytes.F32BigEndian(Six))));
        Assert.Equal(Six, m.ReadAll());
    }

    [Fact]
    public void OneDimensional_IsNBy1()
    {
        using var m = NpyReader.Open(temp.WriteBytes("a.npy", ArrayBytes.Npy("<f4", "(6,)", ArrayBytes.F32(Six))));
        Assert.Equal(6, m.Rows);
        Assert.Equal(1, m.Columns);
        Assert.Equal(Six[2..5], m.ReadRows(2, 3));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Versions2And3_UseFourByteHeaderLength(int major)
    {
        using var m = NpyReader.Open(temp.WriteBytes("a.npy", ArrayBytes.Npy("<f4", "(2, 3)", ArrayBytes.F32(Six), major: major)));
        Assert.Equal(Six, m.ReadAll());
    }

    [Fact]
    public void ChunksOf7Rows_EqualTheWholeRead()
    {
        var values = ArrayBytes.Ramp(300);
        using var m = NpyReader.Open(temp.WriteBytes("a.npy", ArrayBytes.Npy("<f4", "(100, 3)", ArrayBytes.F32(values))));
        var whole = m.ReadAll();
        Assert.Equal(values, whole);
        var chunked = new float[300];
        for (long first = 0; first < m.Rows; first += 7)
        {
            int rows = (int)Math.Min(7, m.Rows - first);
            m.ReadRows(first, chunked.AsSpan((int)first * 3, rows * 3));
        }
        Assert.Equal(whole, chunked);
        Assert.Equal(values[(99 * 3)..], m.ReadRows(99, 1));
    }

    [Fact]
    public void ChunkedFloat16_EqualsWholeRead()
    {
        var values = ArrayBytes.Ramp(300);
        using var m = NpyReader.Open(temp.WriteBytes("a.npy", ArrayBytes.Npy("<f2", "(100, 3)", ArrayBytes.F16(values))));
        var whole = m.ReadAll();
        var chunked = Enumerable.Range(0, 15).SelectMany(c => m.ReadRows(c * 7, (int)Math.Min(7, 100 - c * 7))).ToArray();
        Assert.Equal(whole, chunked);
    }

    [Fact]
    public void ReadsSpanningTheInternalConversionStep_AreExact()
    {
        int n = (1 << 20) + 5; // one past the reader's 2^20-value conversion step
        var values = Enumerable.Range(0, n).Select(i => (float)(i % 2000)).ToArray();
        using var m = NpyReader.Open(temp.WriteBytes("big.npy", ArrayBytes.Npy("<f2", $"({n},)", ArrayBytes.F16(values))));
        Assert.Equal(values, m.ReadAll());
        Assert.Equal(values[((1 << 20) - 3)..], m.ReadRows((1 << 20) - 3, 8));
    }

    [Fact]
    public void BadReadRequests_AreArgumentErrors()
    {
        using var m = NpyReader.Open(temp.WriteBytes("a.npy", ArrayBytes.Npy("<f4", "(2, 3)", ArrayBytes.F32(Six))));
        Assert.Throws<ArgumentOutOfRangeException>(() => m.ReadRows(1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => m.ReadRows(-1, 1));
        Assert.Throws<ArgumentException>(() => m.ReadRows(0, new float[4]));
        Assert.Empty(m.ReadRows(2, 0));
        m.Dispose();
        Assert.Throws<ObjectDisposedException>(() => m.ReadRows(0, 1));
    }

    [Fact]
    public void NonFiniteValues_AreReturned_AndFindFirstNonFiniteLocatesThem()
    {
        var values = ArrayBytes.Ramp(300);
        values[7 * 3 + 2] = float.PositiveInfinity;
        values[50 * 3 + 1] = float.NaN;
        using var m = NpyReader.Open(temp.WriteBytes("a.npy", ArrayBytes.Npy("<f4", "(100, 3)", ArrayBytes.F32(values))));
        Assert.True(float.IsNaN(m.ReadAll()[151]));
        Assert.Equal((7L, 2), m.FindFirstNonFinite(chunkValues: 10));
        Assert.Equal((7L, 2), m.FindFirstNonFinite());

        using var clean = NpyReader.Open(temp.WriteBytes("b.npy", ArrayBytes.Npy("<f4", "(2, 3)", ArrayBytes.F32(Six))));
        Assert.Null(clean.FindFirstNonFinite(chunkValues: 4));
    }

    [Fact]
    public void FortranOrder_AcceptedWhereLayoutIsTheSame()
    {
        using var m = NpyReader.Open(temp.WriteBytes("a.npy", ArrayBytes.Npy("<f4", "(6, 1)", ArrayBytes.F32(Six), fortran: true)));
        Assert.Equal(Six, m.ReadAll());
    }

    [Fact]
    public void OldStyleHeader_WithLongSuffixAndDoubleQuotes_Parses()
    {
        var path = temp.WriteBytes("a.npy", ArrayBytes.NpyWithHeader("{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (2L, 3L)}", ArrayBytes.F32(Six)));
        using var m = NpyReader.Open(path);
        Assert.Equal(Six, m.ReadAll());
    }

    [Fact]
    public void TrailingBytesAfterData_AreIgnored()
    {
        using var m = NpyReader.Open(temp.WriteBytes("a.npy", ArrayBytes.Npy("<f4", "(2, 3)", [.. ArrayBytes.F32(Six), 1, 2, 3])));
        Assert.Equal(Six, m.ReadAll());
    }

    // ---- errors ----

    [Fact]
    public void MissingFile()
    {
        var path = temp.File("nope.npy");
        var ex = Assert.Throws<PidInputException>(() => NpyReader.Open(path));
        Assert.Equal($"{path}: file not found.", ex.Message);
    }

    [Fact]
    public void BadMagic()
    {
        var bytes = ArrayBytes.Npy("<f4", "(2, 3)", ArrayBytes.F32(Six));
        bytes[1] = (byte)'X';
        Assert.Contains("bad magic", Fails(bytes).Message);
    }

    [Fact]
    public void TruncatedHeader()
    {
        var bytes = ArrayBytes.Npy("<f4", "(2, 3)", ArrayBytes.F32(Six));
        Assert.Contains("truncated .npy header: the file has only 7 bytes", Fails(bytes[..7]).Message);
        var v2 = ArrayBytes.Npy("<f4", "(2, 3)", ArrayBytes.F32(Six), major: 2);
        Assert.Contains("truncated .npy header", Fails(v2[..11]).Message);
    }

    [Fact]
    public void HeaderLengthBeyondFile()
    {
        var bytes = ArrayBytes.Npy("<f4", "(2, 3)", ArrayBytes.F32(Six));
        var ex = Fails(bytes[..40]);
        Assert.Contains("header length 118 runs past the end of the file (40 bytes", ex.Message);
    }

    [Fact]
    public void HugeHeaderLength_IsRejected()
    {
        var bytes = new byte[12 + 2_000_000];
        ArrayBytes.Npy("<f4", "(1,)", ArrayBytes.F32(1)).AsSpan(0, 8).CopyTo(bytes);
        bytes[6] = 2;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 1_500_000);
        Assert.Contains("header length 1500000 exceeds the supported 1048576 bytes", Fails(bytes).Message);
    }

    [Fact]
    public void UnsupportedVersion()
    {
        var bytes = ArrayBytes.Npy("<f4", "(2, 3)", ArrayBytes.F32(Six));
        bytes[6] = 4;
        Assert.Contains("unsupported .npy format version 4.0", Fails(bytes).Message);
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3}", "expected ',' or ')'")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), ", "missing '}'")]
    [InlineData("['descr', '<f4']", "expected a dict")]
    [InlineData("{'descr': '<f4', 'fortran_order': Nope, 'shape': (2, 3)}", "unexpected 'Nope'")]
    [InlineData("{'descr': '<f4, 'fortran_order': False, 'shape': (2, 3)}", "malformed .npy header")]
    [InlineData("{'descr': '<f4', 'shape': (2, 3)}", "no 'fortran_order' key")]
    [InlineData("{'descr': '<f4', 'fortran_order': 0, 'shape': (2, 3)}", "'fortran_order' must be True or False")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 'x')}", "'shape' must be a tuple of integers")]
    public void MalformedHeader(string dict, string expected)
    {
        var ex = Fails(ArrayBytes.NpyWithHeader(dict, ArrayBytes.F32(Six)));
        Assert.Contains("malformed .npy header", ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Theory]
    [InlineData("<i8", "unsupported dtype '<i8'")]
    [InlineData("|u1", "unsupported dtype '|u1'")]
    [InlineData("<c8", "unsupported dtype '<c8'")]
    [InlineData("<V2", "bfloat16")]
    public void UnsupportedDType_IsNamed(string descr, string expected)
    {
        var ex = Fails(ArrayBytes.Npy(descr, "(2, 3)", new byte[64]));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void StructuredDType_IsUnsupported()
    {
        var ex = Fails(ArrayBytes.NpyWithHeader("{'descr': [('a', '<f4'), ('b', '<f4')], 'fortran_order': False, 'shape': (3,), }", ArrayBytes.F32(Six)));
        Assert.Contains("structured arrays are not supported", ex.Message);
    }

    [Fact]
    public void FortranOrder2D_IsRejected()
    {
        var ex = Fails(ArrayBytes.Npy("<f4", "(2, 3)", ArrayBytes.F32(Six), fortran: true));
        Assert.Contains("Fortran (column-major) order", ex.Message);
    }

    [Theory]
    [InlineData("(1, 2, 3)", "shape (1, 2, 3) (3-D)")]
    [InlineData("()", "shape () (0-D)")]
    [InlineData("(0, 3)", "the array is empty (shape (0, 3))")]
    public void BadShape(string shape, string expected)
    {
        var ex = Fails(ArrayBytes.Npy("<f4", shape, ArrayBytes.F32(Six)));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void TruncatedData_SaysExpectedAndActualBytes()
    {
        var ex = Fails(ArrayBytes.Npy("<f8", "(2, 3)", ArrayBytes.F64(1, 2, 3, 4, 5)));
        Assert.Contains("the data is truncated: shape (2, 3) of F64 needs 48 bytes after the header but the file has 40", ex.Message);
    }

    [Fact]
    public void ShapeOverflow_IsTruncationNotCrash()
    {
        var ex = Fails(ArrayBytes.Npy("<f8", "(4611686018427387904, 4)", ArrayBytes.F64(1)));
        Assert.Contains("more than 2^63", ex.Message);
    }
}
